import { API_KEY_PROVIDER_NAMES, API_KEY_PROVIDERS, type ApiKeyProvider, type ProviderKeyInfo } from '../../backend/contract/index.js';
import { usageLine, type CommandSpec } from '../command.js';
import { usageError } from '../errors.js';
import { table, type Style } from '../format.js';

function providerArg(value: string | undefined, usage: string): ApiKeyProvider {
  if (!value || !(API_KEY_PROVIDERS as readonly string[]).includes(value)) throw usageError(`The provider is one of ${API_KEY_PROVIDERS.join(', ')}, not "${value ?? ''}".`, usage);
  return value as ApiKeyProvider;
}

function rows(keys: readonly ProviderKeyInfo[], style: Style): string {
  return table(
    ['PROVIDER', 'KEY', 'GIVEN TO'],
    keys.map((k) => [API_KEY_PROVIDER_NAMES[k.provider], k.set ? `set (…${k.last4})` : 'not set', k.agents.map((a) => `${a.agent} (${a.env})`).join(', ') || '—']),
    style,
  );
}

/** `cortex keys`: which provider API keys are set (last 4 characters only). */
export const keysCommand: CommandSpec = {
  name: 'keys',
  summary: 'Provider API keys kept in the OS keychain: set or not, and which agents get them.',
  details: 'Keys are stored only in the OS keychain and put into an agent\'s environment at launch; nobody is ever shown more than the last 4 characters.',
  args: [],
  options: {},
  examples: ['cortex keys'],
  async run({ client, style }) {
    const c = await client();
    const result = await c.call('keys.list', {});
    const note = result.keychain.available ? '' : `\n${result.keychain.reason}`;
    return { data: result, text: rows(result.keys, style) + note };
  },
};

/** `cortex keys set <provider>`: stores a key read from stdin or a named environment variable. */
export const keysSetCommand: CommandSpec = {
  name: 'keys set',
  summary: 'Store a provider API key in the OS keychain (read from stdin, never from the command line).',
  details: 'A key on the command line would show in the process list and the shell history, so it is read from stdin or from the environment variable --from-env names.',
  args: [{ name: 'provider', description: API_KEY_PROVIDERS.join(' | ') }],
  options: { 'from-env': { type: 'string', value: '<VAR>', description: 'read the key from this environment variable' } },
  examples: ['pass show anthropic | cortex keys set anthropic', 'cortex keys set openai --from-env OPENAI_API_KEY'],
  async run({ client, args, options, readStdin, env }) {
    const usage = usageLine(keysSetCommand);
    const provider = providerArg(args['provider'], usage);
    const from = options['from-env'] as string | undefined;
    const raw = from !== undefined ? env[from] : await readStdin();
    const key = raw?.trim();
    if (!key) throw usageError(from !== undefined ? `The environment variable ${from} is empty or not set.` : 'Give the key on stdin (e.g. `pass show anthropic | cortex keys set anthropic`) or with --from-env <VAR>.', usage);
    const c = await client();
    const info = await c.call('keys.set', { provider, key });
    return { data: info, text: `${API_KEY_PROVIDER_NAMES[provider]} key stored in the OS keychain (…${info.last4}).` };
  },
};

/** `cortex keys clear <provider>`: removes a key from the keychain. */
export const keysClearCommand: CommandSpec = {
  name: 'keys clear',
  summary: 'Remove a provider API key from the OS keychain.',
  args: [{ name: 'provider', description: API_KEY_PROVIDERS.join(' | ') }],
  options: {},
  examples: ['cortex keys clear google'],
  async run({ client, args }) {
    const provider = providerArg(args['provider'], usageLine(keysClearCommand));
    const c = await client();
    const info = await c.call('keys.clear', { provider });
    return { data: info, text: `${API_KEY_PROVIDER_NAMES[provider]} key removed.` };
  },
};
