import type { JsonSchema } from "../../components/SchemaForm";
import type { CredentialType } from "./model";

/**
 * The write forms of the credential types: the variants of components/schemas/CredentialWrite in
 * docs/openapi.json, with each secret field marked writeOnly (a password input; nothing of it is shown again)
 * and the PEM key multi-line. credentialTypes.test.ts checks them against the document, so a drift fails.
 */
export const CREDENTIAL_FORMS: Record<CredentialType, JsonSchema> = {
  "secret": {
    "type": "object",
    "description": "A single secret value (a webhook signing secret, a password)",
    "required": [
      "type",
      "value"
    ],
    "properties": {
      "type": {
        "const": "secret"
      },
      "value": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again",
        "writeOnly": true
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "basic": {
    "type": "object",
    "description": "HTTP Basic",
    "required": [
      "type",
      "username",
      "password"
    ],
    "properties": {
      "type": {
        "const": "basic"
      },
      "username": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536
      },
      "password": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again",
        "writeOnly": true
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "bearer": {
    "type": "object",
    "description": "Authorization: Bearer <token>",
    "required": [
      "type",
      "token"
    ],
    "properties": {
      "type": {
        "const": "bearer"
      },
      "token": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again",
        "writeOnly": true
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "apiKey": {
    "type": "object",
    "description": "An API key in a header or a query parameter",
    "required": [
      "type",
      "in",
      "name",
      "value"
    ],
    "properties": {
      "type": {
        "const": "apiKey"
      },
      "in": {
        "enum": [
          "header",
          "query"
        ]
      },
      "name": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "the header or query parameter name"
      },
      "value": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again",
        "writeOnly": true
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "oauth2ClientCredentials": {
    "type": "object",
    "description": "OAuth 2.0 client credentials grant (RFC 6749 4.4)",
    "required": [
      "type",
      "tokenUrl",
      "clientId",
      "clientSecret"
    ],
    "properties": {
      "type": {
        "const": "oauth2ClientCredentials"
      },
      "tokenUrl": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "absolute http(s) URL without user info"
      },
      "clientId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536
      },
      "clientSecret": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again",
        "writeOnly": true
      },
      "scope": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional"
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "oauth2RefreshToken": {
    "type": "object",
    "description": "OAuth 2.0 refresh token grant (RFC 6749 6)",
    "required": [
      "type",
      "tokenUrl",
      "clientId",
      "refreshToken"
    ],
    "properties": {
      "type": {
        "const": "oauth2RefreshToken"
      },
      "tokenUrl": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "absolute http(s) URL without user info"
      },
      "clientId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536
      },
      "clientSecret": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional (a public client has none); secret: encrypted, never readable again",
        "writeOnly": true
      },
      "refreshToken": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again; when the token endpoint rotates it, the gateway stores the new one as the credential's next version",
        "writeOnly": true
      },
      "scope": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional"
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "oauth2JwtBearer": {
    "type": "object",
    "description": "OAuth 2.0 JWT bearer grant (RFC 7523): a signed assertion traded for an access token",
    "required": [
      "type",
      "tokenUrl",
      "clientId",
      "subject",
      "privateKey"
    ],
    "properties": {
      "type": {
        "const": "oauth2JwtBearer"
      },
      "tokenUrl": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "absolute http(s) URL without user info"
      },
      "clientId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "the assertion's iss"
      },
      "subject": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "the assertion's sub: the user the token acts for"
      },
      "audience": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; the assertion's aud; the tokenUrl when left out"
      },
      "privateKey": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), RSA for RS*, EC for ES*; secret: encrypted, never readable again",
        "writeOnly": true,
        "x-weft-multiline": true
      },
      "keyId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; the JWS header's kid"
      },
      "algorithm": {
        "enum": [
          "RS256",
          "RS384",
          "RS512",
          "ES256",
          "ES384",
          "ES512"
        ],
        "description": "optional; RS256 when left out"
      },
      "scope": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional"
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "sessionLogin": {
    "type": "object",
    "description": "A login that yields a token (docs/gateway.md, \"Session login\")",
    "required": [
      "type",
      "loginUrl",
      "username",
      "password"
    ],
    "properties": {
      "type": {
        "const": "sessionLogin"
      },
      "loginUrl": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "absolute http(s) URL without user info; receives a JSON POST"
      },
      "username": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536
      },
      "password": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again",
        "writeOnly": true
      },
      "usernameField": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; the login body's field for the username; username when left out"
      },
      "passwordField": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; the login body's field for the password; password when left out"
      },
      "tokenPointer": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; JSON pointer to the token in the login's answer; /token when left out"
      },
      "header": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; the header the token goes in; Authorization when left out"
      },
      "scheme": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; the scheme before the token in Authorization; Bearer when left out"
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  },
  "hmac": {
    "type": "object",
    "description": "HMAC request signing (docs/gateway.md)",
    "required": [
      "type",
      "secret"
    ],
    "properties": {
      "type": {
        "const": "hmac"
      },
      "keyId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "optional; letters, digits and ._~:/+=-"
      },
      "secret": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "secret: encrypted, never readable again",
        "writeOnly": true
      },
      "algorithm": {
        "enum": [
          "HmacSHA256",
          "HmacSHA512"
        ],
        "description": "default HmacSHA256"
      },
      "header": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65536,
        "description": "the signature header, default X-Weft-Signature; not X-Weft-Timestamp"
      },
      "systems": {
        "type": "string",
        "description": "The ids of the systems that may use this credential, comma-separated; without it, only the first system that names it may"
      }
    },
    "additionalProperties": false
  }
};

export const CREDENTIAL_TYPES = Object.keys(CREDENTIAL_FORMS) as CredentialType[];

/** A type's one-line description, for the type choice. */
export function describeType(type: CredentialType): string {
  const d = CREDENTIAL_FORMS[type].description;
  return typeof d === "string" ? d : type;
}

/**
 * The form that starts connecting an OAuth 2.0 credential by consent (authorizeCredential's body in
 * docs/openapi.json), the client secret write-only.
 */
export const AUTHORIZE_FORM: JsonSchema = {
  "type": "object",
  "required": [
    "authorizationUrl",
    "tokenUrl",
    "clientId"
  ],
  "additionalProperties": false,
  "properties": {
    "authorizationUrl": {
      "type": "string",
      "description": "the provider's authorization endpoint (consent page), absolute http(s)"
    },
    "tokenUrl": {
      "type": "string",
      "description": "the provider's token endpoint, absolute http(s)"
    },
    "clientId": {
      "type": "string"
    },
    "clientSecret": {
      "type": "string",
      "description": "optional: a public client has none; stored encrypted in the credential",
      "writeOnly": true
    },
    "scope": {
      "type": "string",
      "description": "optional, space-separated"
    },
    "systems": {
      "type": "string",
      "description": "optional: the systems that may use the credential, comma-separated"
    },
    "redirectUri": {
      "type": "string",
      "description": "optional: the callback as registered with the provider; this server's /oauth2/callback on the address the request came to when left out"
    },
    "parameters": {
      "type": "object",
      "additionalProperties": {
        "type": "string"
      },
      "description": "optional: more authorization request parameters, such as access_type=offline and prompt=consent for Google"
    }
  }
};
