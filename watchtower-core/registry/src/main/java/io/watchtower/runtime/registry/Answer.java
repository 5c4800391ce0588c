package io.watchtower.runtime.registry;

import java.util.List;

/**
 * What the registry could answer.
 *
 * @param items the answer
 * @param partial whether part of the fleet is missing from it
 * @param missing what is missing, and why
 * @param <T> the item type
 */
public record Answer<T>(List<T> items, boolean partial, List<String> missing) {

    static <T> Answer<T> complete(List<T> items) {
        return new Answer<>(items, false, List.of());
    }
}
