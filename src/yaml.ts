/** YAML parsing, loaded on demand. Bundled (dist/cli), yaml's CommonJS build arrives as the default export. */
export async function parseYaml(text: string): Promise<unknown> {
  const yaml = await import('yaml');
  const parse = typeof yaml.parse === 'function' ? yaml.parse : (yaml as unknown as { default: typeof yaml }).default.parse;
  return parse(text, { logLevel: 'error' });
}
