/**
 * The items whose `Name` holds the filter text, ignoring case and surrounding spaces; none while
 * the list is still loading (`undefined`).
 */
export function filterByName<Item extends { readonly Name: string }>(
  items: readonly Item[] | undefined,
  filter: string,
): readonly Item[] {
  const wanted = filter.trim().toLowerCase();
  return items?.filter((item) => item.Name.toLowerCase().includes(wanted)) ?? [];
}
