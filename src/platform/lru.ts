/**
 * A Map that keeps at most `max` entries, forgetting the least recently used: for every per-tenant or per-key cache
 * in a process (one deployment may serve all 514 kab/kota, so "one entry per tenant" is no bound by itself).
 * `get` counts as a use; `has` and iteration do not.
 */
export class LruMap<K, V> extends Map<K, V> {
  readonly max: number;
  constructor(max: number) {
    super();
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`LruMap max must be a positive integer, not ${max}`);
    this.max = max;
  }
  override get(key: K): V | undefined {
    if (!super.has(key)) return undefined;
    const value = super.get(key) as V;
    super.delete(key);
    super.set(key, value);
    return value;
  }
  override set(key: K, value: V): this {
    if (super.has(key)) super.delete(key);
    super.set(key, value);
    // `max` is undefined while Map's constructor runs (it adds no entries here: none are passed).
    while (this.max !== undefined && this.size > this.max) super.delete(super.keys().next().value as K);
    return this;
  }
}
