// What storage.ts and identity.ts need from a browser, in memory: one origin's localStorage, and Web Locks
// shared by its tabs. Closing a tab releases its locks, as when a page is unloaded.
import { MemoryStorage } from '../src/storage';

export { MemoryStorage };

/** Installs a fresh, empty localStorage as the global one. */
export function freshLocalStorage(): MemoryStorage {
  const storage = new MemoryStorage();
  (globalThis as { localStorage?: Storage }).localStorage = storage;
  return storage;
}

type Callback = (lock: Lock | null) => unknown;

/** Exclusive Web Locks of one origin: `tab()` is one page's `navigator.locks`. */
export class Locks {
  private readonly holders = new Map<string, Tab>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly freed = new Map<string, (() => void)[]>();

  tab(): Tab {
    return new Tab(this);
  }

  isHeld(name: string): boolean {
    return this.holders.has(name);
  }

  /** Resolves once nobody holds `name` (a lock is released after its callback's promise settles). */
  whenFree(name: string): Promise<void> {
    if (!this.holders.has(name)) return Promise.resolve();
    return new Promise((resolve) => this.freed.set(name, [...(this.freed.get(name) ?? []), resolve]));
  }

  /** Grants `name` to `tab` now if free (true), else queues `grant` unless `ifAvailable` (false). */
  acquire(name: string, tab: Tab, grant: () => void, ifAvailable: boolean): boolean {
    if (!this.holders.has(name)) {
      this.holders.set(name, tab);
      return true;
    }
    if (!ifAvailable) this.waiting.set(name, [...(this.waiting.get(name) ?? []), grant]);
    return false;
  }

  withdraw(name: string, grant: () => void): void {
    this.waiting.set(name, (this.waiting.get(name) ?? []).filter((g) => g !== grant));
  }

  release(name: string, tab: Tab): void {
    if (this.holders.get(name) !== tab) return;
    this.holders.delete(name);
    for (const f of this.freed.get(name) ?? []) f();
    this.freed.delete(name);
    const next = this.waiting.get(name)?.shift();
    if (next) next();
  }
}

export class Tab {
  private readonly mine = new Set<string>();

  constructor(private readonly locks: Locks) {}

  /** `navigator.locks.request(name, {ifAvailable} | {signal}, callback)`, exclusive mode only. */
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: Callback): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const run = () => {
        this.mine.add(name);
        Promise.resolve(callback({ name, mode: 'exclusive' } as Lock)).then((v) => {
          if (this.mine.delete(name)) this.locks.release(name, this);
          resolve(v);
        }, reject);
      };
      if (this.locks.acquire(name, this, run, options.ifAvailable === true)) return run();
      if (options.ifAvailable) return resolve(callback(null));
      options.signal?.addEventListener('abort', () => {
        this.locks.withdraw(name, run);
        reject(options.signal!.reason);
      });
    });
  }

  /** The page is gone: every lock it held is released. */
  close(): void {
    for (const name of this.mine) this.locks.release(name, this);
    this.mine.clear();
  }

  asLockManager(): LockManager {
    return this as unknown as LockManager;
  }
}
