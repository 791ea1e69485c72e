-- Orleans ADO.NET providers (Microsoft.Orleans.*.AdoNet 10.4.2, invariant "Npgsql"): the query catalogue.
--
-- Each provider loads its SQL from this table when it starts ("SELECT QueryKey, QueryText FROM OrleansQuery")
-- and then only ever runs those texts, binding named parameters (@DeploymentId, @GrainIdHash, ...). The
-- clustering and reminder providers fail at start-up when one of their keys is missing; the grain storage
-- provider needs WriteToStorageKey, ReadFromStorageKey and ClearStorageKey.
--
-- Unquoted identifiers fold to lower case; the providers read the columns by name and Npgsql falls back to a
-- case-insensitive match, so "QueryKey" finds querykey.
CREATE TABLE orleansquery (
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);
