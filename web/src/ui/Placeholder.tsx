/** A page whose area is still being built (issue 8). */
export function Placeholder({ title }: { readonly title: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p className="muted">Coming soon.</p>
    </section>
  );
}
