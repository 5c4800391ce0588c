package io.watchtower.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchtower.runtime.http.ApiResponse;
import org.junit.jupiter.api.Test;

/** One table gives each request its route and metric label. */
class RouteTableTest {

    private static final DaemonApi.Endpoint OK = (request, who) -> ApiResponse.text(200, "ok");

    @Test
    void templatesMatchAndLabelTheirRequests() {
        RouteTable table = new RouteTable();
        table.open("/health", true, OK);
        table.add("GET", "/api/v1/baselines/{series}", Scope.READ, OK);
        table.add("GET", "/api/v1/components/{component}/timeline", Scope.READ, OK);
        table.add("DELETE", "/api/v1/silences/{id}", Scope.ADMIN, OK);
        table.add("GET", "/index.html", "/", Scope.READ, OK);

        assertThat(table.find("POST", "/health").label()).isEqualTo("/health");
        assertThat(table.find("GET", "/health").quick()).isTrue();
        assertThat(table.find("GET", "/api/v1/baselines/t/a%2Fb/c").label()).isEqualTo("/api/v1/baselines/{series}");
        assertThat(table.find("HEAD", "/api/v1/components/db/timeline").label())
                .isEqualTo("/api/v1/components/{component}/timeline");
        assertThat(table.find("GET", "/api/v1/components/db")).isNull();
        assertThat(table.find("DELETE", "/api/v1/silences/abc").label()).isEqualTo("DELETE /api/v1/silences/{id}");
        assertThat(table.find("DELETE", "/api/v1/silences/abc").quick()).isFalse();
        assertThat(table.find("GET", "/api/v1/silences/abc")).isNull();
        assertThat(table.find("GET", "/index.html").label()).isEqualTo("/");
        assertThat(RouteTable.otherLabel("/api/v1/nope")).isEqualTo("/api/v1/other");
        assertThat(RouteTable.otherLabel("/nope")).isEqualTo("other");
    }

    @Test
    void aTemplateHasAtMostOnePlaceholder() {
        assertThatThrownBy(() -> new RouteTable().add("GET", "/a/{x}/{y}", Scope.READ, OK))
                .hasMessageContaining("at most one {name} part");
    }
}
