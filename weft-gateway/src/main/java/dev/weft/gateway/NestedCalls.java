package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;

/** The tenant's call path as a system's connector reaches it ({@code SystemContext.callSystem}). */
@FunctionalInterface
interface NestedCalls {
    JsonNode call(String caller, String system, Call call) throws ConnectorException;
}
