/** The seeded generator tests draw with: the benchmark generator's own (mulberry32). */
export { seededRandom } from "../../bench/generate_home.ts";
