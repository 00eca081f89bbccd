type SectionProps = { title: string; description?: string; children: React.ReactNode };

export function Section({ title, description, children }: SectionProps) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="text-base font-semibold text-slate-900 dark:text-slate-50">
        {title}
      </h2>
      {description && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>
      )}
      <div className="mt-3">{children}</div>
    </section>
  );
}
