import { referenceEquilibrium, referenceGame } from "./bruteForce.js";
const sc = JSON.parse(process.argv[2]!);
const g = referenceGame(sc);
for (const d of process.argv.slice(3).map(Number)) { const e = referenceEquilibrium(g, d); console.log(d.toFixed(10), e.mask, e.alpha0, Array.from(e.u).map((v) => v.toPrecision(14)).join(" ")); }
