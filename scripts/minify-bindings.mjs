// Trunk's post-build hook (Trunk.toml), in release builds: minifies the JavaScript bindings
// wasm-bindgen wrote for the app and the engine (trunk's own minifier cannot parse their
// `export default`, see Trunk.toml) with esbuild, which already bundles the editor, and gives
// the index the new files' integrity hashes. The app's bindings: 8.4 → 6.5 KiB gzip.
import { readFile, readdir, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { transform } from "esbuild";

const BINDINGS = /^(app-[0-9a-f]+|engine)\.js$/;

/** What an `integrity` attribute says of `text`. */
function integrity(text) {
  return `sha384-${createHash("sha384").update(text).digest("base64")}`;
}

if (process.env.TRUNK_PROFILE === "release") {
  const dir = process.env.TRUNK_STAGING_DIR;
  const indexPath = join(dir, "index.html");
  let index = await readFile(indexPath, "utf8");
  for (const name of (await readdir(dir)).filter((n) => BINDINGS.test(n))) {
    const source = await readFile(join(dir, name), "utf8");
    const { code } = await transform(source, { minify: true, format: "esm", target: "es2020" });
    await writeFile(join(dir, name), code);
    index = index.replaceAll(integrity(source), integrity(code));
  }
  await writeFile(indexPath, index);
}
