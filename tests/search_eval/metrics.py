"""Scores of a ranked list against judged relevance: recall@10 (capped), nDCG@10, reciprocal rank.

A query judged to find nothing scores 1 on each when nothing is returned, 0 otherwise.
"""

import math
from dataclasses import dataclass, field

CUT = 10


def scores(relevant: set, ranked: list) -> tuple[float, float, float]:
    ranked = ranked[:CUT]
    if not relevant:
        empty = 1.0 if not ranked else 0.0
        return empty, empty, empty
    hits = [item in relevant for item in ranked]
    # Capped: a query with more than ten relevant items is measured against the ten it can show.
    recall = sum(hits) / min(len(relevant), CUT)
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(hits) if hit)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), CUT)))
    first = next((i for i, hit in enumerate(hits) if hit), None)
    return recall, dcg / ideal, (1 / (first + 1) if first is not None else 0.0)


@dataclass
class Report:
    name: str
    rows: list = field(
        default_factory=list
    )  # (query, category, recall, ndcg, rr, ranked, relevant)

    def add(self, query, category, relevant, ranked):
        self.rows.append((query, category, *scores(set(relevant), ranked), ranked, relevant))

    def mean(self, column, rows=None):
        rows = self.rows if rows is None else rows
        index = {"recall": 2, "ndcg": 3, "mrr": 4}[column]
        return sum(row[index] for row in rows) / len(rows) if rows else 0.0

    def summary(self):
        return (
            f"{self.name}: {len(self.rows)} queries, recall@10 {self.mean('recall'):.3f}, "
            f"nDCG@10 {self.mean('ndcg'):.3f}, MRR {self.mean('mrr'):.3f}"
        )

    def by_category(self):
        lines = []
        for category in sorted({row[1] for row in self.rows}):
            rows = [row for row in self.rows if row[1] == category]
            lines.append(
                f"  {category:12} {len(rows):3} queries  recall {self.mean('recall', rows):.3f}"
                f"  nDCG {self.mean('ndcg', rows):.3f}  MRR {self.mean('mrr', rows):.3f}"
            )
        return "\n".join(lines)

    def misses(self):
        return [
            f"  {query} [{category}]: recall {recall:.2f} rr {rr:.2f}, got {ranked[:5]}, "
            f"wanted {sorted(relevant)[:6]}"
            for query, category, recall, _ndcg, rr, ranked, relevant in self.rows
            if recall < 1 or rr < 1
        ]
