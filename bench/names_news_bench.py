"""Name search beside real general news: how many of the articles a name search returns hold
no spelling of the name, through the real `khabar add` / `khabar search --json` path.

    python bench/names_news_bench.py [--split dev|test] [--sample 100] [--seed 14]
        [--no-curated] [--data ../shared/bench]

Names: every entity of ../shared/bench/variants/dev_variants.tsv and a seeded sample of whole
names of each external set's split (../shared/bench/names-external, as in
names_external_bench.py), one short article per spelling. Two archives: those articles alone,
and those articles plus the ~1,250 real pages of ../shared/bench/extraction (general news and
blogs in English, German and other languages). Every spelling is searched in both. A returned
article holds a spelling of the name when, after khabar's own analysis, any spelling of the
searched entity (of any entity so named) occurs in its title, author, source or text as whole words; the
share of returned articles holding none is the figure (target ≤ 1 %). Recall over pairs of
spellings of one entity is given for both archives. The index terms the expansion matched in
offending articles (from `search --json`'s `variants`) are counted, to show what to fix.
Prints tables and writes bench/results/names_news_<split>[_no_curated].json.
"""
from __future__ import annotations

import argparse
import csv
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from name_archive import (EXAMPLES, CliRunner, Searches, add_records, article,
                          common_options, pair_figures, print_figures, shared_folder,
                          use_shipped_names, write_results)
from names_external_bench import as_written, group_names, read_pairs, sample_names

from cli.main import cli  # noqa: E402  (name_archive sets the path)
from cli.output import safe  # noqa: E402
from indexer.analysis.terms import analyze  # noqa: E402

PAGE_FOLDERS = ("article-extraction-benchmark/html", "mozilla-readability-test-pages/html",
                "trafilatura-eval/pages")
TOP_TERMS = 25


def entities(data: Path, split: str, sample: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    """Entity id → its (spelling, language hint): the variants set's groups and a sample of
    each external set's names."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(data / "variants" / "dev_variants.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found[f"variants:{row['group_id']}"].append((row["variant"], row["lang_hint"]))
    for name in ("google", "wikidata"):
        names = sample_names(group_names(read_pairs(data / "names-external", name, split)),
                             sample, seed)
        for number, rows in enumerate(names):
            for arabic, latin in rows:
                found[f"{name}:{number}"] += [(arabic, "ar"), (as_written(latin), "en")]
    return {entity: list(dict.fromkeys(spellings)) for entity, spellings in found.items()}


def phrase(text: str) -> str:
    """Text as its index terms, space-separated and space-padded, for whole-word lookups."""
    return f" {' '.join(analyze(text))} "


def stored_texts(runner: CliRunner, archive: Path, work: Path) -> dict[str, tuple[str, str, str]]:
    """Article id → (title, url, analysed title, author, source and text: the fields a plain
    search looks in), read back with `khabar export`."""
    target = work / "export.jsonl"
    done = runner.invoke(cli, ["--archive", str(archive), "export", "-o", str(target)])
    if done.exit_code != 0:
        raise RuntimeError(f"export failed ({done.exit_code}): {done.output}")
    texts = {}
    with open(target, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            searched = (record.get(field) or "" for field in ("title", "author", "source", "text"))
            texts[record["id"]] = (record["title"] or "", record["url"] or "",
                                   "\n".join(map(phrase, searched)))
    return texts


def without_spelling(answers: dict[str, dict], holders: dict[str, set], gold: dict[str, list[str]],
                     texts: dict, name_urls: set[str]) -> dict:
    """Returned articles holding no spelling of the searched entity, and the matched terms in
    them."""
    returned = Counter()
    offending = Counter()
    terms = Counter()
    examples: dict[str, list[str]] = {}
    listed = []
    for query, answer in answers.items():
        spellings = {spelling for entity in holders[query] for spelling in gold[entity]}
        matched = {term for alternatives in answer.get("variants", {}).values()
                   for term in alternatives}
        for hit in answer["hits"]:
            title, url, content = texts[hit["id"]]
            kind = "name articles" if url in name_urls else "news pages"
            returned[kind] += 1
            if any(spelling in content for spelling in spellings):
                continue
            offending[kind] += 1
            used = sorted(term for term in matched if f" {term} " in content) or ["(none listed)"]
            for term in used:
                terms[term] += 1
                examples.setdefault(term, [])
                if len(examples[term]) < 3:
                    examples[term].append(f"{query} → {safe(title, one_line=True)[:60]}")
            if len(listed) < EXAMPLES:
                listed.append({"query": query, "title": title, "url": url, "terms": used})
    total, bad = sum(returned.values()), sum(offending.values())
    shares = {kind: {"value": round(offending[kind] / returned[kind], 4) if returned[kind] else None,
                     "returned": returned[kind], "without_spelling": offending[kind]}
              for kind in ("news pages", "name articles")}
    shares["all"] = {"value": round(bad / total, 4) if total else None, "returned": total,
                     "without_spelling": bad}
    return {"share": shares,
            "terms": [{"term": term, "articles": count, "examples": examples[term]}
                      for term, count in terms.most_common(TOP_TERMS)],
            "examples": listed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test",
                        help="the external sets' part (the variants set is a dev set)")
    parser.add_argument("--sample", type=int, default=100,
                        help="rows of whole names per external set (default 100)")
    common_options(parser)
    args = parser.parse_args()
    for part in ("variants", "names-external", "extraction"):
        shared_folder(args.data / part, f"{part} benchmark data")
    named = entities(args.data, args.split, args.sample, args.seed)
    records, articles = [], {}
    for entity, spellings in named.items():
        for spelling, hint in spellings:
            record = article(len(records), spelling, hint, "news-names")
            records.append(record)
            articles[record["url"]] = (entity, spelling)
    holders: dict[str, set] = defaultdict(set)
    for entity, spelling in articles.values():
        holders[spelling].add(entity)
    gold = {entity: [phrase(spelling) for spelling, _ in spellings if phrase(spelling).strip()]
            for entity, spellings in named.items()}
    queries = list(holders)
    runner = CliRunner()
    report = {"split": args.split, "sample_rows": args.sample, "seed": args.seed,
              "curated": not args.no_curated, "entities": len(named),
              "articles": len(records), "queries": len(queries)}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        use_shipped_names(work, args.no_curated)
        answers = {}
        for label, pages in (("names only", False), ("with pages", True)):
            archive = work / label.replace(" ", "-")
            if pages:
                folders = [str(args.data / "extraction" / folder) for folder in PAGE_FOLDERS]
                done = runner.invoke(cli, ["--archive", str(archive), "add", *folders, "--json"])
                if done.exit_code not in (0, 3):
                    raise RuntimeError(f"add of the pages failed ({done.exit_code}): {done.output}")
                report["pages"] = json.loads(done.stdout)["added"]
            add_records(runner, archive, records, work / "names.jsonl")
            searches = Searches(runner, archive, queries, False)
            answers[label] = searches.answers
            report[label] = pair_figures(articles, searches.answers) | searches.timing()
        texts = stored_texts(runner, work / "with-pages", work)
    report["without spelling"] = without_spelling(answers["with pages"], holders, gold, texts,
                                                  set(articles))
    print(f"\nnames beside news ({args.split}{', curated.tsv emptied' if args.no_curated else ''}):"
          f" {len(named)} entities, {len(records)} name articles, {report['pages']} news pages, "
          f"{len(queries)} queries")
    print_figures({"names": report["names only"], "+pages": report["with pages"]})
    print(f"\n{'returned articles without a spelling':40} {'share':>7} {'returned':>9}   target")
    for kind, figure in report["without spelling"]["share"].items():
        value = f"{figure['value']:7.3f}" if figure["value"] is not None else f"{'-':>7}"
        print(f"{kind:40} {value} {figure['returned']:9}   {'≤ 0.01' if kind == 'all' else ''}")
    print("\nterms matched in articles without a spelling (articles, e.g.):")
    for row in report["without spelling"]["terms"]:
        print(f"  {safe(row['term'], one_line=True):24} {row['articles']:5}   {'; '.join(row['examples'])}")
    suffix = "_no_curated" if args.no_curated else ""
    write_results(f"names_news_{args.split}{suffix}.json", report)


if __name__ == "__main__":
    main()
