/**
 * What OData services share, written once for the connectors that speak OData (Dynamics 365 / Dataverse,
 * SAP S/4HANA): query options and key predicates encoded as OData expects them, list answers of v2
 * ({@code d.results}, {@code __next}) and v4 ({@code value}, {@code @odata.nextLink}) read alike, the error
 * bodies of both versions read and mapped to typed errors, and {@code $batch} as multipart/mixed.
 */
package dev.weft.connector.kit.odata;
