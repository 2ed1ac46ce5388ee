"""The knowledge-product figures of a period: products developed (recorded in the period) and
downloads of their files (made in the period), by type, KMGBF target and Party, and the most
downloaded products (a part of reports.figures)."""

from typing import Any

from sqlalchemy import Table, and_, func, select

from ..dates import Period
from ..extensions import db
from ..knowledge.models import (
    PRODUCT_TYPES,
    KnowledgeProduct,
    ProductDownload,
    product_parties,
    product_targets,
)
from ..taxonomy.models import Party, Target

MOST_DOWNLOADED = 10


def _developed_in(period: Period):
    return and_(
        KnowledgeProduct.created_at >= period.since, KnowledgeProduct.created_at < period.until
    )


def _downloaded_in(period: Period):
    return and_(
        ProductDownload.downloaded_at >= period.since, ProductDownload.downloaded_at < period.until
    )


def _by_link(period: Period, link: Table, column) -> dict[Any, tuple[int, int]]:
    """(developed, downloads) per value of a product's link table (target, Party)."""
    key = link.c[column]
    developed = dict(
        db.session.execute(
            select(key, func.count())
            .join(KnowledgeProduct, KnowledgeProduct.id == link.c.product_id)
            .where(_developed_in(period))
            .group_by(key)
        ).all()
    )
    downloads = dict(
        db.session.execute(
            select(key, func.count())
            .join(ProductDownload, ProductDownload.product_id == link.c.product_id)
            .where(_downloaded_in(period))
            .group_by(key)
        ).all()
    )
    return {k: (developed.get(k, 0), downloads.get(k, 0)) for k in {*developed, *downloads}}


def _by_type(period: Period) -> list[dict[str, Any]]:
    developed = dict(
        db.session.execute(
            select(KnowledgeProduct.type, func.count())
            .where(_developed_in(period))
            .group_by(KnowledgeProduct.type)
        ).all()
    )
    downloads = dict(
        db.session.execute(
            select(KnowledgeProduct.type, func.count())
            .join(ProductDownload, ProductDownload.product_id == KnowledgeProduct.id)
            .where(_downloaded_in(period))
            .group_by(KnowledgeProduct.type)
        ).all()
    )
    return [
        {"type": kind, "developed": developed.get(kind, 0), "downloads": downloads.get(kind, 0)}
        for kind in PRODUCT_TYPES
    ]


def _most_downloaded(period: Period) -> list[dict[str, Any]]:
    count = func.count(ProductDownload.id)
    rows = db.session.execute(
        select(
            KnowledgeProduct.id,
            KnowledgeProduct.title,
            KnowledgeProduct.title_zh,
            KnowledgeProduct.type,
            KnowledgeProduct.year,
            count,
        )
        .join(ProductDownload, ProductDownload.product_id == KnowledgeProduct.id)
        .where(_downloaded_in(period))
        .group_by(
            KnowledgeProduct.id,
            KnowledgeProduct.title,
            KnowledgeProduct.title_zh,
            KnowledgeProduct.type,
            KnowledgeProduct.year,
        )
        .order_by(count.desc(), KnowledgeProduct.id)
        .limit(MOST_DOWNLOADED)
    )
    return [
        {"id": i, "title": title or title_zh, "type": kind, "year": year, "downloads": n}
        for i, title, title_zh, kind, year, n in rows
    ]


def knowledge_products(period: Period) -> dict[str, Any]:
    """Products developed and downloads in the period, by type, target and Party."""
    by_type = _by_type(period)
    targets = _by_link(period, product_targets, "target_number")
    parties = _by_link(period, product_parties, "party_code")
    titles = dict(db.session.execute(select(Target.number, Target.title)).all()) if targets else {}
    names = dict(db.session.execute(select(Party.code, Party.name)).all()) if parties else {}
    return {
        "developed": sum(row["developed"] for row in by_type),
        "downloads": sum(row["downloads"] for row in by_type),
        "by_type": by_type,
        "by_target": [
            {"number": n, "title": titles.get(n, ""), "developed": d, "downloads": dl}
            for n, (d, dl) in sorted(targets.items())
        ],
        "by_party": [
            {"code": code, "name": names.get(code, ""), "developed": d, "downloads": dl}
            for code, (d, dl) in sorted(parties.items(), key=lambda i: (-i[1][0], -i[1][1], i[0]))
        ],
        "most_downloaded": _most_downloaded(period),
    }
