package io.watchtower.runtime.config;

import io.watchtower.spi.TowerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Masks secrets in text meant for people: passwords inside URLs ({@code password=} parameters and
 * {@code user:password@}), and the values of a tower's {@link TowerFactory#sensitiveKeys() sensitive
 * settings} wherever they appear (a password echoed in a server's error message, a token in a log
 * line). Every mask is {@code ***}.
 */
public final class SecretRedactor {

    /** What replaces a secret. */
    public static final String MASK = "***";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]*:)[^/@\\s]*@");
    /** Shorter values are not masked by value: "on" or "1" would mask half of every line. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    private SecretRedactor(List<String> secrets) {
        List<String> sorted = new ArrayList<>(secrets);
        // the longest first, so a secret that contains another is masked whole
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
    }

    /** @return a redactor that masks passwords in URLs only */
    public static SecretRedactor urlsOnly() {
        return new SecretRedactor(List.of());
    }

    /**
     * A redactor for one tower: the values its sensitive settings resolve to (set inline, in a
     * {@code -file} or in an {@code -env} variable) are masked wherever they appear.
     *
     * @param tower the tower's configuration
     * @param factory its type
     * @param environment environment variables, for {@code -env} secrets and {@code CREDENTIALS_DIRECTORY}
     * @return the redactor
     */
    public static SecretRedactor forTower(TowerConfig tower, TowerFactory factory, Map<String, String> environment) {
        HoconSettings settings = new HoconSettings(tower.settings(), tower.path(), tower.block(), environment);
        List<String> values = new ArrayList<>();
        for (String key : factory.sensitiveKeys()) {
            Optional<String> value;
            try {
                value = settings.secret(key);
            } catch (RuntimeException e) {
                continue; // an unreadable secret is a config problem, reported elsewhere; nothing to mask
            }
            value.filter(v -> v.strip().length() >= MIN_SECRET_LENGTH).ifPresent(v -> {
                values.add(v);
                if (!v.strip().equals(v)) {
                    values.add(v.strip());
                }
            });
        }
        return new SecretRedactor(values);
    }

    /**
     * @param url a URL
     * @return the URL with any password in it replaced by {@code ***}
     */
    public static String urlPasswords(String url) {
        String redacted = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(redacted).replaceAll("$1" + MASK + "@");
    }

    /**
     * @param text any text; null is returned as is
     * @return the text with every known secret and every password in a URL masked
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return urlPasswords(out);
    }
}
