/** A config file that prices gpt-5.5 apart from the shipped table, for cost tests. */

/** The config's gpt-5.5 prices, USD per 1M tokens (the shipped ones are 5, 0.5 and 30). */
export const CONFIG_GPT_5_5 = { input: 7, cachedInput: 0.7, output: 40 };

/** Runs `body` with the path of a temporary `codexmon.jsonc` holding {@linkcode CONFIG_GPT_5_5}. */
export async function withPricingConfig(body: (config: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const config = `${dir}/codexmon.jsonc`;
    await Deno.writeTextFile(config, JSON.stringify({ pricing: { "gpt-5.5": CONFIG_GPT_5_5 } }));
    await body(config);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
