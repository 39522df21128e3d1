// TypeDoc plugin (typedoc.json "plugin"): name each entry point's module after
// the import specifier users write ("ts-csp-style", "ts-csp-style/testing",
// "ts-csp-style/http") rather than after its file (index, testing, http).
import { Converter, ReflectionKind } from "typedoc";

const NAMES = { index: "ts-csp-style", testing: "ts-csp-style/testing", http: "ts-csp-style/http", "http/httptest": "ts-csp-style/http/httptest" };

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const name = NAMES[mod.name];
      if (name) mod.name = name;
    }
  });
}
