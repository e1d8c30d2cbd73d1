/**
 * The environment a user's process inherits from Millrace: everything but Millrace's own
 * credentials — the sealing keys and Key Vault secrets (`MILLRACE_SECRET_*`) and the CLI's
 * credentials. A command that prints its environment would otherwise put them in logs and run
 * records, where the redactor cannot catch them (it does not know the keys).
 */
const WITHHELD_VARIABLE = /^MILLRACE_(SECRET_|TOKEN$|CLIENT_SECRET$|API_KEY$)/i;

export function isWithheldVariable(name: string): boolean {
  return WITHHELD_VARIABLE.test(name);
}

export function inheritedEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(environment).filter(([name]) => !isWithheldVariable(name)),
  );
}
