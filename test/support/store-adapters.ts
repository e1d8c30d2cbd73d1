/**
 * Which store adapters a test run exercises: `STORE=sqlite`, `STORE=postgres`, or both (the
 * default, and `STORE=sqlite,postgres`).
 */
export const StoreAdapterNames = ['sqlite', 'postgres'] as const;
export type StoreAdapterName = (typeof StoreAdapterNames)[number];

export function storeAdaptersUnderTest(
  value: string | undefined = process.env.STORE,
): readonly StoreAdapterName[] {
  if (value === undefined || value.trim() === '') return StoreAdapterNames;
  const names = value.split(',').map((name) => name.trim().toLowerCase());
  for (const name of names) {
    if (!(StoreAdapterNames as readonly string[]).includes(name)) {
      throw new Error(
        `STORE=${value}: unknown store adapter ${JSON.stringify(name)}; use ${StoreAdapterNames.join(', ')} or both, comma-separated.`,
      );
    }
  }
  return StoreAdapterNames.filter((name) => names.includes(name));
}
