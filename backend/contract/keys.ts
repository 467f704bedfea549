import * as z from 'zod';

/**
 * Providers whose API key the cockpit can keep (in the OS keychain) and give to the agents
 * that use it. Which agent reads which key from which environment variable is data of the
 * agent profiles (`apiKeys`).
 */
export const API_KEY_PROVIDERS = ['anthropic', 'openai', 'google'] as const;
export const ApiKeyProviderSchema = z.enum(API_KEY_PROVIDERS);
export type ApiKeyProvider = z.infer<typeof ApiKeyProviderSchema>;

/** Display names of the providers. */
export const API_KEY_PROVIDER_NAMES: Readonly<Record<ApiKeyProvider, string>> = { anthropic: 'Anthropic', openai: 'OpenAI', google: 'Google (Gemini)' };

/** Characters of a key a client is shown: the last 4, never more. */
export const KEY_VISIBLE_CHARS = 4;

/** What a client may know of a stored key: whether it is set and its last 4 characters. */
export const ProviderKeyInfoSchema = z.object({
  provider: ApiKeyProviderSchema,
  set: z.boolean(),
  /** The key's last 4 characters when set, else null. */
  last4: z.string().max(KEY_VISIBLE_CHARS).nullable(),
  /** The agents (profile ids) that get this key at launch, each with the variable it is put in. */
  agents: z.array(z.object({ agent: z.string(), env: z.string() })),
});
export type ProviderKeyInfo = z.infer<typeof ProviderKeyInfoSchema>;

/** An API key as given: 8–512 printable ASCII characters, no spaces. */
export const ApiKeySchema = z
  .string()
  .min(8, 'an API key has at least 8 characters')
  .max(512, 'an API key has at most 512 characters')
  .regex(/^[\x21-\x7e]+$/, 'an API key is printable ASCII without spaces (copy it again without line breaks)');

/** Methods of the keys namespace. */
export const KEYS_METHODS = {
  /** Every provider: set or not, last 4 characters, the agents it goes to; and whether a keychain is reachable. */
  'keys.list': {
    params: z.object({}).strict(),
    result: z.object({
      keychain: z.object({ available: z.boolean(), reason: z.string().nullable() }),
      keys: z.array(ProviderKeyInfoSchema),
    }),
  },
  /**
   * Stores a provider's API key in the OS keychain (never in plain text, never logged, never
   * sent back). Errors: KEYCHAIN_UNAVAILABLE.
   */
  'keys.set': { params: z.object({ provider: ApiKeyProviderSchema, key: ApiKeySchema }).strict(), result: ProviderKeyInfoSchema },
  /** Removes a provider's key from the keychain. Errors: KEYCHAIN_UNAVAILABLE. */
  'keys.clear': { params: z.object({ provider: ApiKeyProviderSchema }).strict(), result: ProviderKeyInfoSchema },
} as const;
