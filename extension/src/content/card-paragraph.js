// The card for a paragraph: each sentence that matches with its verdict, the rest folded away.
"use strict";

(() => {
  if (globalThis.veracityCardParagraph) return;

  const { h, section, verdictRow, reportButton } = globalThis.veracityCardParts;

  function sentenceView(sentence, actions) {
    return h("li", { class: "item sentence", "data-role": "sentence" }, [
      // The reader's own sentence, as selected: it may carry quote marks of its own.
      h("blockquote", { "data-role": "sentence-text" }, sentence.text),
      verdictRow(sentence.verdict),
      h("div", { class: "sentence-row" }, [
        h("p", { class: "meta", "data-role": "source-line" }, sentence.line),
        reportButton(sentence.report, actions),
      ]),
    ]);
  }

  // <details> folds natively: keyboard and screen readers get it without any script of ours.
  function foldView(model) {
    return h("details", { class: "fold", "data-role": "fold" }, [
      h("summary", {}, model.foldText),
      h(
        "ul",
        { class: "unmatched" },
        model.unmatched.map((text) => h("li", { "data-role": "unmatched" }, text)),
      ),
    ]);
  }

  function paragraph(model, actions) {
    const parts = [h("section", { class: "summary" }, h("p", {}, model.summary))];
    if (model.matched.length) {
      const items = model.matched.map((sentence) => sentenceView(sentence, actions));
      parts.push(section("Sentences that match", [h("ul", { class: "evidence" }, items)]));
    }
    if (model.unmatched.length) parts.push(h("section", {}, foldView(model)));
    return parts;
  }

  globalThis.veracityCardParagraph = { paragraph };
})();
