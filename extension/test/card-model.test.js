// The card model carries the service's strings unchanged and only safe links.

import { test } from "node:test";
import assert from "node:assert/strict";
import { buildCardModel, profileModel } from "../src/lib/card-model.js";
import { matsegoraResponse, unverifiedResponse, XSS_IMG, XSS_SCRIPT } from "./fixtures/responses.js";

test("verdict, confidence and explanation", () => {
  const model = buildCardModel(matsegoraResponse());
  assert.equal(model.kind, "result");
  assert.deepEqual(model.verdict, {
    label: "true",
    text: "True",
    symbol: "✓",
    tentative: false,
    tentativeText: "",
    tentativeHint: "",
    confidence: "86% confidence",
    basis: "based on who said it, where and when",
    explanation: "Alexandr Matsegora said this on 2025-06-20.",
  });
});

function withVerdict(response, fields) {
  response.verdict = { ...response.verdict, ...fields };
  return response;
}

test("a rating with confident:false is shown as tentative, a weak match", () => {
  const response = withVerdict(matsegoraResponse(), {
    label: "false",
    rating: 1,
    confidence: 0.41,
    confident: false,
  });
  const { verdict } = buildCardModel(response);
  assert.equal(verdict.label, "false");
  assert.equal(verdict.text, "False");
  assert.equal(verdict.tentative, true);
  assert.equal(verdict.tentativeText, "Tentative");
  assert.equal(verdict.tentativeHint, "Weak match: check the evidence.");
  assert.equal(verdict.confidence, "41% confidence");
});

test("a confident rating, or one from a service without the field, is not tentative", () => {
  const confident = buildCardModel(withVerdict(matsegoraResponse(), { confident: true })).verdict;
  const old = matsegoraResponse();
  assert.equal(Object.hasOwn(old.verdict, "confident"), false, "the fixture is an older response");
  for (const verdict of [confident, buildCardModel(old).verdict]) {
    assert.equal(verdict.text, "True");
    assert.equal(verdict.tentative, false);
    assert.equal(verdict.tentativeText, "");
    assert.equal(verdict.tentativeHint, "");
  }
});

test("unverified is never tentative, whatever confident says", () => {
  const { verdict } = buildCardModel(withVerdict(unverifiedResponse(), { confident: false }));
  assert.equal(verdict.label, "unverified");
  assert.equal(verdict.tentative, false);
  assert.equal(verdict.tentativeText, "");
});

test("top evidence names speaker, role, date, event and outlets", () => {
  const [first, ...rest] = buildCardModel(matsegoraResponse()).evidence;
  assert.equal(rest.length, 0, "related items are not evidence when the verdict is not unverified");
  assert.equal(first.speaker.name, "Alexandr Matsegora");
  assert.equal(first.speaker.role, "Russian Ambassador to North Korea");
  assert.equal(first.date, "20 Jun 2025");
  assert.equal(first.quote, "direct quote");
  assert.equal(first.stance, "supports");
  assert.deepEqual(
    first.outlets.map((outlet) => outlet.name),
    ["Korea JoongAng Daily", "Korean Central News Agency (KCNA)"],
  );
});

test("an outlet without ratings is unrated, never neutral", () => {
  const [joongang, kcna] = buildCardModel(matsegoraResponse()).evidence[0].outlets;
  assert.equal(joongang.profile.rated, false);
  assert.equal(joongang.profile.ownership, "privately owned");
  assert.equal(kcna.profile.rated, true);
  assert.equal(kcna.profile.stateOwned, true);
  assert.deepEqual(kcna.profile.ratings[0].rater, {
    text: "Media Bias/Fact Check",
    href: "https://mbfc.example/kcna",
  });
  assert.equal(kcna.profile.ratings[0].text, "bias: extreme left, factual: very low");
});

test("rated:true with no ratings still reads unrated", () => {
  assert.equal(profileModel({ id: "x", rated: true, ratings: [] }).rated, false);
});

test("non-http URLs stay text and never become sources", () => {
  const model = buildCardModel(matsegoraResponse());
  const kcna = model.evidence[0].outlets[1];
  assert.deepEqual(kcna.report, { text: "javascript:alert(1)", href: null });
  assert.deepEqual(model.sources, [
    {
      text: "Korea JoongAng Daily (koreajoongangdaily.joins.com)",
      href: "https://koreajoongangdaily.joins.com/news/2025-06-20/matsegora",
    },
  ]);
});

test("context notes get a tone", () => {
  const notes = buildCardModel(matsegoraResponse()).notes;
  assert.deepEqual(
    notes.map((note) => [note.code, note.tone]),
    [
      ["state_controlled_outlet", "warning"],
      ["corroboration", "info"],
    ],
  );
  assert.match(notes[0].message, /KCNA/);
});

test("unverified shows related, not matching items with their fact-check", () => {
  const model = buildCardModel(unverifiedResponse());
  assert.equal(model.evidence.length, 0);
  assert.equal(model.related.length, 1);
  assert.deepEqual(model.related[0].factCheck, {
    reviewer: "PolitiFact",
    rating: "pants-fire",
    scale: "false",
    date: "30 Oct 2019",
    link: { text: "PolitiFact", href: "https://www.politifact.example/moon" },
    opposite: false,
    disputed: false,
    claim: "",
  });
  assert.deepEqual(model.sources, [
    { text: "PolitiFact fact-check", href: "https://www.politifact.example/moon" },
  ]);
});

test("markup in service strings is kept verbatim, for the renderer to show as text", () => {
  const response = matsegoraResponse();
  response.evidence[0].text = `Claim ${XSS_IMG} ${XSS_SCRIPT}`;
  response.evidence[0].outlets[0].profile.name = XSS_IMG;
  const model = buildCardModel(response);
  assert.equal(model.evidence[0].text, `Claim ${XSS_IMG} ${XSS_SCRIPT}`);
  assert.equal(model.evidence[0].outlets[0].name, XSS_IMG);
});

test("a malformed response still gives a renderable model", () => {
  const model = buildCardModel({ verdict: { label: 42 }, evidence: "nope", context: [null, { message: 3 }] });
  assert.equal(model.verdict.label, "unverified");
  assert.deepEqual(model.evidence, []);
  assert.deepEqual(model.notes, []);
  assert.deepEqual(model.sources, []);
});

test("long texts are clipped and evidence is capped", () => {
  const response = matsegoraResponse();
  response.evidence = Array.from({ length: 6 }, () => ({ ...response.evidence[0], text: "x".repeat(900) }));
  const model = buildCardModel(response, { maxEvidence: 3 });
  assert.equal(model.evidence.length, 3);
  assert.equal(model.evidence[0].text.length, 600);
});

test("a fact-check of the opposite claim is shown as such, with the claim it rated", () => {
  const response = unverifiedResponse();
  Object.assign(response.evidence[0], { relation: "opposite", relation_confidence: 0.93 });
  response.verdict.explanation = 'PolitiFact rated the opposite claim "pants-fire".';
  const model = buildCardModel(response);
  assert.equal(model.related.length, 0);
  assert.equal(model.evidence.length, 1);
  assert.equal(model.evidence[0].factCheck.opposite, true);
  assert.equal(model.evidence[0].factCheck.claim, "The moon landing was faked.");
  assert.equal(model.evidence[0].factCheck.rating, "pants-fire");
});

test("a rating resting on a disputed judgement is tentative and shows the claim it rated", () => {
  const response = unverifiedResponse();
  Object.assign(response.evidence[0], { match: "matching", relation: "same", relation_disputed: true });
  Object.assign(response.verdict, { label: "false", confident: false, confidence: 0.5 });
  const model = buildCardModel(response);
  assert.equal(model.verdict.tentative, true);
  assert.match(model.verdict.tentativeHint, /disagree/);
  assert.equal(model.evidence[0].factCheck.disputed, true);
  assert.equal(model.evidence[0].factCheck.opposite, false);
  assert.equal(model.evidence[0].factCheck.claim, "The moon landing was faked.");
});
