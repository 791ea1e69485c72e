-- A tenant lists its own recovery cases (GET /recovery-cases with a tenant key): a handful of rows among millions.
-- Partial, as cases of contracts activated for no tenant key have none. Its column never changes once the row is
-- written, so the contract and case writes that update the row keep their HOT updates.
CREATE INDEX recovery_by_tenant ON recovery_cases_view (tenant_subject) WHERE tenant_subject IS NOT NULL;
