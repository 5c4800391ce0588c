package io.watchtower.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** One-field JSON answers (errors, the version) are the bytes the object tree gave before. */
class ApiResponseTest {

    @Test
    void aOneFieldObjectIsWhatTheTreeWrote() {
        ObjectMapper mapper = new ObjectMapper();
        for (String value : new String[] {"unknown series", "quote \" backslash \\ slash / tab \t nl \n \u0001 \u007f é ✓ \uD83D\uDE00",
                "", null}) {
            ApiResponse r = ApiResponse.jsonField(404, "error", value);
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo(mapper.createObjectNode().put("error", value).toString());
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).isEqualTo("application/json; charset=utf-8");
        }
        assertThat(new String(ApiResponse.jsonField(200, "version", "0.1.0").body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"version\":\"0.1.0\"}");
    }
}
