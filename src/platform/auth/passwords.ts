import { hash, verify } from "@node-rs/argon2";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

// algorithm 2 = Algorithm.Argon2id (a const enum, which erasable TypeScript cannot import).
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal who is registered. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => {
  dummyHash ??= hashPassword("balai-dummy-password-for-timing");
  return dummyHash;
};

/**
 * The strength checker and its dictionaries (~40 MB resident once loaded) are loaded on the first password check, not
 * at start-up: most processes serve for hours without anyone setting a password.
 */
let zxcvbn: Promise<ZxcvbnFactory> | undefined;
async function loadZxcvbn(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, en, idn] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
    import("@zxcvbn-ts/language-id"),
  ]);
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...idn.dictionary },
    graphs: common.adjacencyGraphs,
  });
}

/** Password strength with Indonesian and English dictionaries; 0..4, we require at least 2 and 8 characters. */
export async function passwordProblems(password: string, userInputs: string[] = []): Promise<string[]> {
  if (password.length < 8) return ["minLength"];
  zxcvbn ??= loadZxcvbn();
  const result = (await zxcvbn).check(password, userInputs);
  return result.score < 2 ? ["weak-password"] : [];
}
