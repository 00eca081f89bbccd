export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJsonColumn<T>(text: string | null): T | null {
  if (text === null) return null;
  if (text === '{}') return {} as T;
  if (text === '[]') return [] as T;
  return JSON.parse(text) as T;
}
