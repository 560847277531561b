// The playground's code editor: CodeMirror 6 with JSON highlighting, line numbers, bracket
// matching, undo/redo, search, and the engine's diagnostics underlined. Bundled by esbuild into
// static/vendor/editor.js (`npm run bundle`); the Rust side talks to it through `window.aslEditor`
// (src/web/bindings.rs) and falls back to a plain textarea when it did not load.
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars, drawSelection, highlightActiveLine,
} from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { history, defaultKeymap, historyKeymap } from "@codemirror/commands";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";
import {
  HighlightStyle, syntaxHighlighting, foldGutter, foldKeymap, indentOnInput, bracketMatching,
} from "@codemirror/language";
import { tags } from "@lezer/highlight";

// JSON's token colours from CSS variables (static/style.css), so each theme sets them with
// enough contrast (the default style's dark red strings are unreadable on the dark theme).
const jsonColours = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--cm-property)" },
  { tag: tags.string, color: "var(--cm-string)" },
  { tag: tags.number, color: "var(--cm-number)" },
  { tag: [tags.bool, tags.null], color: "var(--cm-keyword)" },
  { tag: [tags.punctuation, tags.separator, tags.brace, tags.squareBracket], color: "var(--cm-punctuation)" },
]);

// CodeMirror's basicSetup without what a JSON definition does not use: autocompletion (JSON has no
// completion source), rectangular selection and the crosshair cursor, the drop cursor, and the
// default highlight style (jsonColours covers every JSON token).
const editing = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  foldGutter(),
  drawSelection(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  bracketMatching(),
  closeBrackets(),
  highlightActiveLine(),
  highlightSelectionMatches(),
  keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
];

window.aslEditor = {
  /** A new editor in `parent` holding `text`; `onChange(text)` on every edit by the user. */
  create(parent, text, onChange) {
    let quiet = false;
    const view = new EditorView({
      doc: text,
      parent,
      extensions: [
        syntaxHighlighting(jsonColours),
        editing,
        json(),
        lintGutter(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !quiet) onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ "aria-label": "State machine definition" }),
      ],
    });
    // The scroller is a scrollable region: reachable by keyboard (axe-core's scrollable-region-focusable).
    view.scrollDOM.setAttribute("tabindex", "0");
    view.setQuietly = (next) => {
      quiet = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      quiet = false;
    };
    return view;
  },
  /** The editor's text. */
  text(view) {
    return view.state.doc.toString();
  },
  /** Replaces the text without reporting it as an edit. */
  setText(view, text) {
    if (view.state.doc.toString() !== text) view.setQuietly(text);
  },
  /** Underlines `[{from, to, message, severity}]` (UTF-16 offsets). Applied in the next animation
   *  frame, the latest list only: the editor then updates its lines once, in the frame that shows
   *  the keystroke and the problems list, instead of forcing a second layout of the whole page
   *  within the keystroke (a 200-state definition: 19 ms of forced layout per keystroke). */
  setDiagnostics(view, list) {
    view.pendingDiagnostics = list;
    if (view.diagnosticsFrame) return;
    view.diagnosticsFrame = requestAnimationFrame(() => {
      view.diagnosticsFrame = 0;
      const length = view.state.doc.length;
      const diagnostics = JSON.parse(view.pendingDiagnostics).map((d) => ({
        from: Math.min(d.from, length),
        to: Math.min(Math.max(d.to, d.from), length),
        severity: d.severity === "warning" ? "warning" : "error",
        message: d.message,
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    });
  },
  /** Selects `[from, to)` and, when the editor is on screen, scrolls it into view there; the
   *  page itself never jumps (on a phone the editor is below the graph) and focus stays where the
   *  user is (a graph node picked by keyboard keeps it). */
  select(view, from, to, focus) {
    const length = view.state.doc.length;
    const box = view.dom.getBoundingClientRect();
    const onScreen = box.bottom > 0 && box.top < window.innerHeight;
    view.dispatch({ selection: { anchor: Math.min(from, length), head: Math.min(to, length) }, scrollIntoView: onScreen || focus });
    if (focus) view.focus(); // a problem was clicked: the user is going to edit there
  },
};
