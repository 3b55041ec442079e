import { describe, expect, it } from "vitest";
import { fakeHttp } from "../test/http";
import { api, ApiError, setCsrfToken, unwrap } from "./client";

describe("the API client", () => {
  it("sends the CSRF token held in memory with a change", async () => {
    const http = fakeHttp({ "POST /api/v1/executions/x1/cancel": { status: 200, body: { id: "x1" } } });
    setCsrfToken("tok-123");

    await unwrap(api.POST("/api/v1/executions/{id}/cancel", { params: { path: { id: "x1" } }, body: {} }));

    expect(http.seen[0]?.headers.get("X-CSRF-Token")).toBe("tok-123");
  });

  it("does not send the CSRF token with a read", async () => {
    const http = fakeHttp({ "GET /api/v1/flows": { status: 200, body: { flows: [] } } });
    setCsrfToken("tok-123");

    await unwrap(api.GET("/api/v1/flows"));

    expect(http.seen[0]?.headers.get("X-CSRF-Token")).toBeNull();
  });

  it("takes the token from the server's weft_csrf cookie after a reload emptied memory", async () => {
    const http = fakeHttp({ "POST /api/v1/auth/logout": { status: 204 } });
    document.cookie = "weft_csrf=from-cookie; path=/";

    await unwrap(api.POST("/api/v1/auth/logout"));

    expect(http.seen[0]?.headers.get("X-CSRF-Token")).toBe("from-cookie");
  });

  it("sends no CSRF header when it has no token, and the API's refusal comes back in its own words", async () => {
    const http = fakeHttp({
      "POST /api/v1/auth/logout": {
        status: 403,
        body: { error: "csrf.invalid", message: "send the header X-CSRF-Token", details: [] },
      },
    });

    const error = await unwrap(api.POST("/api/v1/auth/logout")).catch((e: unknown) => e);

    expect(http.seen[0]?.headers.has("X-CSRF-Token")).toBe(false);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("csrf.invalid");
    expect((error as ApiError).message).toBe("send the header X-CSRF-Token");
    expect((error as ApiError).status).toBe(403);
  });
});
