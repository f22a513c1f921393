// Builds the card's content from a card model; strings become text nodes, never markup.
"use strict";

(() => {
  if (globalThis.veracityCardParts) return;

  const SAFE_LINK = /^https?:\/\//i;

  // h() and link() repeat src/pages/dom.js: this file is injected as a classic script, which
  // cannot import that module.
  /** Build an element; strings become text nodes and attributes go through setAttribute. */
  function h(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    for (const child of [].concat(children)) {
      if (child !== null && child !== undefined && child !== false && child !== "") node.append(child);
    }
    return node;
  }

  // The model only carries http(s) hrefs; checked again here so a bug there cannot make a link.
  function link(text, href) {
    if (typeof href !== "string" || !SAFE_LINK.test(href)) return text;
    return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, text);
  }

  function joinDot(parts) {
    return parts.filter(Boolean).join(" · ");
  }

  function section(title, children, attrs = {}) {
    return h("section", attrs, [h("h2", {}, title), ...children]);
  }

  function profileTags(profile) {
    if (!profile) return [h("span", { class: "tag", "data-tone": "unrated" }, "no profile")];
    const tags = [
      h("span", { class: "tag", "data-tone": profile.stateOwned ? "state" : null }, profile.ownership),
    ];
    if (profile.country) tags.push(h("span", { class: "tag" }, profile.country));
    if (!profile.rated) {
      tags.push(h("span", { class: "tag", "data-tone": "unrated" }, "unrated"));
      return tags;
    }
    for (const rating of profile.ratings) {
      tags.push(
        h("div", { class: "rating" }, [
          link(rating.rater.text, rating.rater.href),
          rating.text ? `: ${rating.text}` : "",
        ]),
      );
    }
    return tags;
  }

  function outletView(outlet) {
    return h("li", { class: "outlet" }, [
      h("span", { class: "outlet-name" }, outlet.name),
      outlet.report
        ? h("span", { class: "muted" }, [" (", link(outlet.report.text, outlet.report.href), ")"])
        : "",
      outlet.via ? h("span", { class: "muted" }, ` via ${outlet.via}`) : "",
      " ",
      ...profileTags(outlet.profile),
    ]);
  }

  function factCheckView(factCheck) {
    if (!factCheck) return "";
    return h("p", { class: "meta" }, [
      factCheck.opposite
        ? `About the opposite claim “${factCheck.claim}”: `
        : factCheck.disputed
          ? `About “${factCheck.claim}”, perhaps another claim: `
          : "",
      link(factCheck.link.text, factCheck.link.href),
      `: rated “${factCheck.rating}”`,
      factCheck.scale ? ` (${factCheck.scale})` : "",
      factCheck.date ? `, ${factCheck.date}` : "",
    ]);
  }

  /** The top item in full; later ones compact, so the notes stay within reach. */
  function evidenceView(item, index) {
    const speaker = item.speaker;
    const full = index === 0;
    const chips = [item.quote, item.stance]
      .filter(Boolean)
      .map((text) => h("span", { class: "chip", "data-stance": text === item.stance ? text : null }, text));
    return h("li", { class: "item" }, [
      item.text ? h("blockquote", {}, `“${item.text}”`) : "",
      h("p", {}, [
        speaker.name ? h("span", { class: "speaker", "data-role": "speaker" }, speaker.name) : "",
        !full && item.date ? h("span", { class: "meta" }, ` · ${item.date}`) : "",
      ]),
      full && joinDot([speaker.role, speaker.affiliation])
        ? h("p", { class: "meta" }, joinDot([speaker.role, speaker.affiliation]))
        : "",
      full && joinDot([item.date, item.event])
        ? h("p", { class: "meta" }, joinDot([item.date, item.event]))
        : "",
      full && chips.length ? h("div", { class: "chips" }, chips) : "",
      factCheckView(item.factCheck),
      item.outlets.length
        ? h("div", { class: "reported" }, [
            h("span", { class: "meta" }, "Reported by"),
            h("ul", { class: "outlets" }, item.outlets.map(outletView)),
          ])
        : "",
    ]);
  }

  /** The verdict badge, the Tentative tag and the confidence, on one row. */
  function verdictRow(verdict) {
    return h("div", { class: "verdict-row" }, [
      h(
        "span",
        {
          class: "badge",
          "data-verdict": verdict.label,
          "data-role": "verdict",
          "data-tentative": verdict.tentative ? "true" : null,
        },
        [h("span", { "aria-hidden": "true" }, verdict.symbol), verdict.text],
      ),
      verdict.tentative
        ? h(
            "span",
            {
              class: "tag",
              "data-tone": "tentative",
              "data-role": "tentative",
              title: verdict.tentativeHint,
            },
            verdict.tentativeText,
          )
        : "",
      verdict.confidence ? h("span", { class: "confidence" }, verdict.confidence) : "",
    ]);
  }

  /** "Full report": the worker opens the report page for this claim. */
  function reportButton(report, actions) {
    if (!report || !actions?.onReport) return "";
    const button = h("button", { class: "report-button", type: "button", "data-role": "report" }, [
      "Full report",
      h("span", { "aria-hidden": "true" }, " ↗"),
    ]);
    button.addEventListener("click", () => actions.onReport(report));
    return button;
  }

  function verdictView(verdict, report, actions) {
    return h("section", { class: "verdict", "aria-live": "polite" }, [
      verdictRow(verdict),
      verdict.tentative && verdict.tentativeHint
        ? h("p", { class: "tentative-hint", "data-role": "tentative-hint" }, verdict.tentativeHint)
        : "",
      verdict.basis ? h("p", { class: "basis" }, verdict.basis) : "",
      verdict.explanation ? h("p", { class: "explanation" }, verdict.explanation) : "",
      reportButton(report, actions),
    ]);
  }

  function notesView(notes) {
    const items = notes.map((note) =>
      h("li", { class: "note", "data-tone": note.tone, "data-code": note.code }, [
        h("span", { class: "note-icon", "aria-hidden": "true" }, note.tone === "warning" ? "!" : "i"),
        h("span", {}, note.message),
      ]),
    );
    return section("Context", [h("ul", { class: "notes" }, items)]);
  }

  function result(model, actions) {
    // Notes come before the evidence: who is speaking and who reported it is the point.
    const parts = [verdictView(model.verdict, model.report, actions)];
    if (model.notes.length) parts.push(notesView(model.notes));
    if (model.evidence.length) {
      parts.push(section("Evidence", [h("ul", { class: "evidence" }, model.evidence.map(evidenceView))]));
    }
    if (model.related.length) {
      const items = model.related.map((item) => evidenceView(item, 1));
      parts.push(
        section("Related, not matching", [h("ul", { class: "evidence" }, items)], { "data-role": "related" }),
      );
    }
    if (model.pageOutlet) {
      const outlet = h("div", { class: "outlet" }, [
        h("span", { class: "outlet-name" }, model.pageOutlet.name),
        " ",
        ...profileTags(model.pageOutlet),
      ]);
      parts.push(section("This page's outlet", [outlet]));
    }
    if (model.sources.length) {
      const items = model.sources.map((source) => h("li", {}, link(source.text, source.href)));
      parts.push(section("Sources", [h("ul", { class: "sources" }, items)]));
    }
    return parts;
  }

  function loading(model) {
    const query = model.query && model.query.length > 140 ? `${model.query.slice(0, 139)}…` : model.query;
    return [
      h("section", { "aria-busy": "true" }, [
        h("div", { class: "loading", role: "status" }, [
          h("span", { class: "spinner" }),
          "Checking with Veracity…",
        ]),
        query ? h("p", { class: "query" }, `“${query}”`) : "",
      ]),
    ];
  }

  function error(model) {
    const { kind, title, message, hint } = model.error;
    return [
      h("section", { role: "alert", "data-error": kind }, [
        h("p", { class: "error-title" }, title),
        h("p", {}, message),
        hint ? h("p", { class: "muted hint" }, hint) : "",
      ]),
    ];
  }

  globalThis.veracityCardParts = { h, section, verdictRow, reportButton, result, loading, error };
})();
