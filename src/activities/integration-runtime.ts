/**
 * What execution activities report as `effectiveIntegrationRuntime`: Data Factory names the
 * integration runtime that ran the activity (`AutoResolveIntegrationRuntime (West Europe)`); here it
 * is always this machine.
 */
export const EFFECTIVE_INTEGRATION_RUNTIME = 'Millrace (local)';
