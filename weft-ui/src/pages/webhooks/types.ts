import type { components } from "../../api/schema";

export type Endpoint = components["schemas"]["WebhookEndpoint"];
export type EndpointWrite = components["schemas"]["WebhookEndpointWrite"];
export type Delivery = components["schemas"]["WebhookDelivery"];
export type DeliveryDetail = components["schemas"]["WebhookDeliveryDetail"];
export type Attempt = components["schemas"]["WebhookAttempt"];
export type EventType = components["schemas"]["EventType"];

/** "a, b,c" → ["a", "b", "c"]: the comma-separated lists the forms take. */
export function list(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The delivery statuses, as the API names them. */
export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
