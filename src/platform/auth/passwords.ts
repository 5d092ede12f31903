import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";
import * as idn from "@zxcvbn-ts/language-id";

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

let zxcvbn: ZxcvbnFactory | undefined;

/** Password strength with Indonesian and English dictionaries; 0..4, we require at least 2 and 8 characters. */
export function passwordProblems(password: string, userInputs: string[] = []): string[] {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...idn.dictionary },
    graphs: common.adjacencyGraphs,
  });
  if (password.length < 8) return ["minLength"];
  const result = zxcvbn.check(password, userInputs);
  return result.score < 2 ? ["weak-password"] : [];
}
