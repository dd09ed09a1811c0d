/** The query options `@eventstore/db-client` knows (case-insensitive); it warns about any other, printing the string. */
const CLIENT_OPTIONS = [
  'maxDiscoverAttempts',
  'discoveryInterval',
  'gossipTimeout',
  'nodePreference',
  'tls',
  'tlsVerifyCert',
  'tlsCAFile',
  'defaultDeadline',
  'keepAliveInterval',
  'keepAliveTimeout',
  'throwOnAppendFailure',
  'connectionName',
  'userCertFile',
  'userKeyFile',
].map((option) => option.toLowerCase());

/** `esdb://` or `esdb+discover://`, optional `user:password@` (no raw `@` in it), hosts, optional query. */
const SHAPE = /^esdb(\+discover)?:\/\/([^@/?#]*@)?[^@/?#]+\/?(\?[^#@]*)?$/;

/**
 * What is wrong with an EventStoreDB connection string, without quoting it (it may carry a password). Everything the
 * client would only warn about on stderr, printing the whole string, is refused here instead.
 */
export function esdbConnectionStringProblems(connectionString: string): string[] {
  if (!SHAPE.test(connectionString))
    return [
      '--esdb (or ESDB_CONNECTION_STRING) must be esdb://[user:password@]host[:port][,host…][?option=value&…] or ' +
        'esdb+discover://…, with @ : / percent-encoded in the user name and password',
    ];
  const query = connectionString.includes('?') ? connectionString.slice(connectionString.indexOf('?') + 1) : '';
  const problems: string[] = [];
  for (const pair of query.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=');
    if (!CLIENT_OPTIONS.includes(key.toLowerCase()))
      problems.push(`--esdb option ${JSON.stringify(key.slice(0, 40))} is not one the EventStoreDB client knows`);
    else if (key.toLowerCase() === 'tlsverifycert' && value.trim() === 'false')
      problems.push('--esdb option tlsVerifyCert=false is not supported by the client: give tlsCAFile instead');
  }
  return problems;
}

/** The credentials of a connection string, to be scrubbed from anything printed; undefined when it has none. */
export function esdbCredentials(connectionString: string): string | undefined {
  const match = /^[^:]+:\/\/([^@/?#]*)@/.exec(connectionString);
  return match?.[1] || undefined;
}

/** `text` with the connection string's credentials (and each part of them) replaced by `***`. */
export function withoutEsdbCredentials(text: string, connectionString: string): string {
  const credentials = esdbCredentials(connectionString);
  if (!credentials) return text;
  const parts = [credentials, ...credentials.split(':'), ...credentials.split(':').map(decodeURIComponentSafe)];
  return parts
    .filter((part) => part.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((scrubbed, part) => scrubbed.split(part).join('***'), text);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
