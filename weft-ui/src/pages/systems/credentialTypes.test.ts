import { describe, expect, it } from "vitest";
import openapi from "../../../../docs/openapi.json?raw";
import { AUTHORIZE_FORM, CREDENTIAL_FORMS } from "./credentialTypes";

type Variant = { properties: Record<string, Record<string, unknown>> };

describe("the credential forms", () => {
  it("are the document's CredentialWrite variants, with the secret fields write-only", () => {
    const doc = JSON.parse(openapi) as { components: { schemas: { CredentialWrite: { oneOf: Variant[] } } } };
    const variants = doc.components.schemas.CredentialWrite.oneOf;
    const ours = Object.values(CREDENTIAL_FORMS).map((v) => {
      const copy = structuredClone(v) as Variant;
      Object.values(copy.properties).forEach((p) => {
        delete p.writeOnly;
        delete p["x-weft-multiline"];
      });
      return copy;
    });
    expect(ours).toEqual(variants);
    for (const v of Object.values(CREDENTIAL_FORMS) as Variant[]) {
      for (const [name, p] of Object.entries(v.properties)) {
        const secret = String(p.description ?? "").includes("secret: encrypted");
        expect(p.writeOnly === true, name).toBe(secret);
      }
    }
  });
});

describe("the OAuth 2.0 connect form", () => {
  it("is the document's authorizeCredential body, with the client secret write-only", () => {
    const doc = JSON.parse(openapi) as {
      paths: Record<string, { post: { requestBody: { content: { "application/json": { schema: Variant } } } } }>;
    };
    const body = doc.paths["/api/v1/credentials/{name}/oauth2/authorize"]!.post.requestBody.content["application/json"].schema;
    const ours = structuredClone(AUTHORIZE_FORM) as Variant;
    expect(ours.properties.clientSecret!.writeOnly).toBe(true);
    delete ours.properties.clientSecret!.writeOnly;
    expect(ours).toEqual(body);
  });
});
