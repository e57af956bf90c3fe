// USD per million tokens (input, output) for models whose price is public.
// Local models (Ollama, vLLM, llama.cpp) cost nothing per token: null means unknown.
const pricesPerMillion: Record<string, [number, number]> = {
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4o': [2.5, 10],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1-nano': [0.1, 0.4],
  'gpt-5-mini': [0.25, 2],
  'gpt-5': [1.25, 10],
  'whisper-1': [0, 0],
};

export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number | null {
  // "gpt-4o-mini-2024-07-18" is priced like "gpt-4o-mini": take the longest matching prefix.
  const key = Object.keys(pricesPerMillion)
    .filter((name) => model === name || model.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  if (!key) return null;
  const [input, output] = pricesPerMillion[key]!;
  return Number(((inputTokens * input + outputTokens * output) / 1_000_000).toFixed(6));
}
