package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The llm connector's operations, each declared once: input and output schemas, examples, and that each may
 * be repeated (the endpoint keeps nothing) but is never read-only (answers vary, so none is answered from a
 * cache). The docs page and the platform's input validation read these. {@code llm.chat}'s input and output
 * are the contract the engine's {@code agent} step calls: keep them.
 */
final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String CONFIG = """
            {"type": "object", "additionalProperties": false, "required": ["baseUrl"], "properties": {
              "baseUrl": {"type": "string", "pattern": "^https?://", "description": "the OpenAI-compatible root, ending in /v1: http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:8080/v1 (llama.cpp's llama-server), http://127.0.0.1:11434/v1 (Ollama), https://api.openai.com/v1"},
              "model": {"type": "string", "minLength": 1, "description": "the model of calls that name none, as the endpoint names it (GET /models lists them)"},
              "temperature": {"type": "number", "minimum": 0, "maximum": 2, "description": "the default sampling temperature; the endpoint's own without it"},
              "maxTokens": {"type": "integer", "minimum": 1, "description": "the default most tokens of an answer (max_tokens); the endpoint's own without it"},
              "timeout": {"type": "string", "description": "the most one request may take, such as 90s or 5m (a call's own timeout applies too)"},
              "structuredOutput": {"type": "string", "enum": ["json_schema", "json_object", "none"], "default": "json_schema", "description": "what the endpoint offers to hold an answer to JSON: response_format json_schema (OpenAI, vLLM, Ollama, recent llama.cpp), json_object (any JSON; the schema goes in the instructions), or none (the schema goes in the instructions and the JSON is read from the text)"}}}""";

    private static final String USAGE = """
            {"type": "object", "description": "the tokens used, as the endpoint reported them (a count it did not report is left out); the gateway counts them as weft_call_usage_total", "properties": {
              "promptTokens": {"type": "integer"}, "completionTokens": {"type": "integer"}, "totalTokens": {"type": "integer"}},
              "additionalProperties": {"type": "number"}}""";
    private static final String MODEL = """
            "model": {"type": "string", "minLength": 1, "description": "the model; the system's config.model without it"}""";
    private static final String SAMPLING = MODEL
            + """
                    ,
                    "temperature": {"type": "number", "minimum": 0, "maximum": 2, "description": "the system's config.temperature without it"},
                    "maxTokens": {"type": "integer", "minimum": 1, "description": "the most tokens of an answer; the system's config.maxTokens without it"}""";

    static final OperationSpec CHAT = op(Chat.OPERATION,
            "Sends a conversation to the model and answers its reply:"
                    + " text, or calls of the `tools` offered (`toolCalls`, arguments parsed). `messages` are OpenAI chat"
                    + " messages, sent as given (roles system, user, assistant and tool; an assistant's `tool_calls`, a tool"
                    + " message's `tool_call_id`; content a string or a list of parts). `message` is the reply in OpenAI's"
                    + " wire format: append it, then a `tool` message per tool call with its result, for the next turn."
                    + " `stream: true` has the endpoint stream its answer (server-sent events), which is collected into the"
                    + " one result. Arguments that are not a JSON object are `llm.bad_tool_call`, naming the tool.",
            """
                    {"type": "object", "additionalProperties": false, "required": ["messages"], "properties": {
                      "messages": {"type": "array", "minItems": 1, "description": "OpenAI chat messages, sent as given: {role, content}, an assistant's tool_calls, a tool message's tool_call_id", "items": {"type": "object", "required": ["role"], "properties": {
                        "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
                        "content": {"type": ["string", "array", "null"]},
                        "tool_calls": {"type": "array"}, "tool_call_id": {"type": "string"}, "name": {"type": "string"}}}},
                      %s,
                      "stop": {"type": ["string", "array"], "items": {"type": "string"}, "maxItems": 4, "description": "text that ends the answer"},
                      "seed": {"type": "integer", "description": "for answers that repeat, where the endpoint supports it"},
                      "stream": {"type": "boolean", "default": false, "description": "stream the answer (SSE) and collect it"},
                      "tools": {"type": "array", "description": "tools the model may call, sent as OpenAI functions", "items": {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
                        "name": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
                        "description": {"type": "string"},
                        "parameters": {"type": "object", "description": "a JSON Schema of the arguments"}}}},
                      "toolChoice": {"oneOf": [{"type": "string", "enum": ["auto", "none", "required"]},
                        {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {"name": {"type": "string"}}}],
                        "description": "auto (the model decides), none, required (some tool), or {name} (that tool)"}}}"""
                    .formatted(SAMPLING),
            """
                    {"type": "object", "required": ["content", "toolCalls", "finishReason", "message", "model", "usage", "latencyMs"], "properties": {
                      "content": {"type": ["string", "null"], "description": "the reply's text; null when it only calls tools"},
                      "toolCalls": {"type": "array", "items": {"type": "object", "required": ["id", "name", "arguments"], "properties": {
                        "id": {"type": "string"}, "name": {"type": "string"}, "arguments": {"type": "object"}}}},
                      "finishReason": {"type": ["string", "null"], "description": "stop, length, tool_calls or content_filter"},
                      "message": {"type": "object", "required": ["role"], "description": "the reply as an OpenAI assistant message, tool_calls included"},
                      "model": {"type": "string"},
                      "usage": %s,
                      "latencyMs": {"type": "integer"}}}"""
                    .formatted(USAGE),
            example("Answer a question", """
                    {"messages": [{"role": "system", "content": "You answer in one sentence."},
                      {"role": "user", "content": "What is an idempotency key?"}], "temperature": 0}"""),
            example("Offer a tool",
                    """
                            {"messages": [{"role": "user", "content": "Where is order 1042?"}],
                             "tools": [{"name": "get_order", "description": "Reads an order by its number",
                               "parameters": {"type": "object", "properties": {"number": {"type": "integer"}}, "required": ["number"]}}],
                             "toolChoice": "auto"}"""));

    static final OperationSpec EXTRACT = op(Extract.OPERATION, "Takes a JSON value that fits `schema` (a JSON"
            + " Schema) out of the text `input`. The endpoint is held to the schema by `response_format` as the"
            + " system's `structuredOutput` says (`json_schema`, strict when the schema allows it; `json_object`;"
            + " or the schema in the instructions), and every answer is checked against the schema: one that does"
            + " not fit is sent back with what it breaks, up to `maxRepairs` times (2 by default, at most 5); after"
            + " the last, `llm.extract_invalid` names each problem by its path (`/total: expected number, was"
            + " string`). A schema loads nothing from outside: it may refer only within itself (`$ref:"
            + " #/$defs/...`), and its `$schema`, if given, is draft 2020-12 (the default) or draft-07. `usage`"
            + " sums every attempt's.",
            """
                    {"type": "object", "additionalProperties": false, "required": ["input", "schema"], "properties": {
                      "input": {"type": "string", "minLength": 1, "description": "the text to take the value from"},
                      "schema": {"type": "object", "minProperties": 1, "description": "the JSON Schema of the value; OpenAI's strict mode wants an object with every property required and additionalProperties false"},
                      "instructions": {"type": "string", "description": "what to take and how, added to the system message"},
                      "maxRepairs": {"type": "integer", "minimum": 0, "maximum": 5, "default": 2},
                      %s}}"""
                    .formatted(SAMPLING),
            """
                    {"type": "object", "required": ["value", "attempts", "mode", "usage", "latencyMs", "model"], "properties": {
                      "value": {"description": "the value, valid against the schema"},
                      "attempts": {"type": "integer", "minimum": 1, "description": "requests made: 1 when the first answer fit"},
                      "mode": {"type": "string", "enum": ["json_schema", "json_object", "none"]},
                      "usage": %s,
                      "latencyMs": {"type": "integer"},
                      "model": {"type": "string"}}}"""
                    .formatted(USAGE),
            example("An invoice's number, date and total",
                    """
                            {"input": "Invoice INV-2026-114 from ACME GmbH, dated 3 December 2026. Total due: 1,250.00 EUR.",
                             "schema": {"type": "object", "additionalProperties": false, "required": ["number", "date", "total", "currency"],
                               "properties": {"number": {"type": "string"}, "date": {"type": "string", "format": "date"},
                                 "total": {"type": "number"}, "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}},
                             "instructions": "Dates as YYYY-MM-DD."}"""));

    static final OperationSpec CLASSIFY = op(Classify.OPERATION, "Picks one of `labels` for the text `input`."
            + " The model answers a label and how sure it is, held to the labels by `response_format` where the"
            + " endpoint offers it. `score` is the probability of the label's tokens when the endpoint gives log"
            + " probabilities (`logprobs`, asked for unless `logprobs: false`; `scoreFrom: logprobs`), else the"
            + " confidence the model stated (`scoreFrom: stated`), which is a model's guess rather than a"
            + " probability. A label not in the list is sent back once, then `llm.classify_invalid`.",
            """
                    {"type": "object", "additionalProperties": false, "required": ["input", "labels"], "properties": {
                      "input": {"type": "string", "minLength": 1},
                      "labels": {"type": "array", "minItems": 2, "uniqueItems": true, "items": {"type": "string", "minLength": 1}},
                      "instructions": {"type": "string", "description": "what the labels mean, added to the system message"},
                      "logprobs": {"type": "boolean", "default": true, "description": "ask for log probabilities; turn off for an endpoint that refuses them"},
                      %s}}"""
                    .formatted(SAMPLING),
            """
                    {"type": "object", "required": ["label", "score", "scoreFrom", "usage", "latencyMs", "model"], "properties": {
                      "label": {"type": "string"},
                      "score": {"type": "number", "minimum": 0, "maximum": 1},
                      "scoreFrom": {"type": "string", "enum": ["logprobs", "stated", "none"]},
                      "usage": %s,
                      "latencyMs": {"type": "integer"},
                      "model": {"type": "string"}}}"""
                    .formatted(USAGE),
            example("Route a support mail", """
                    {"input": "My parcel was due on Monday and has still not arrived.",
                     "labels": ["delivery", "billing", "returns", "other"], "temperature": 0}"""));

    static final OperationSpec EMBED = op("llm.embed", "Embeds a text or a list of texts (`/embeddings`):"
            + " `embeddings` holds one vector per text, in the input's order.",
            """
                    {"type": "object", "additionalProperties": false, "required": ["input"], "properties": {
                      "input": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}]},
                      %s}}"""
                    .formatted(MODEL),
            """
                    {"type": "object", "required": ["embeddings", "dimensions", "usage", "model", "latencyMs"], "properties": {
                      "embeddings": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
                      "dimensions": {"type": "integer"},
                      "model": {"type": "string"},
                      "usage": %s,
                      "latencyMs": {"type": "integer"}}}"""
                    .formatted(USAGE),
            example("Two product descriptions", """
                    {"input": ["Stainless steel water bottle, 750 ml", "Insulated coffee mug, 350 ml"],
                     "model": "text-embedding-3-small"}"""));

    static final List<OperationSpec> ALL = List.of(CHAT, EXTRACT, CLASSIFY, EMBED);

    private Operations() {
    }

    private static OperationSpec op(String name, String description, String input, String output,
            Example... examples) {
        // Repeating a call has no effect at the endpoint (idempotent), but its answer varies: never cached.
        return new OperationSpec(name, description, parse(input), parse(output), true, false,
                List.of(examples));
    }

    private static Example example(String title, String input) {
        return new Example(title, parse(input), null);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a declaration is not JSON: " + json, e);
        }
    }
}
