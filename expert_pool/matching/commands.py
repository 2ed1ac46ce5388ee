"""`flask --app wsgi match ...` and `flask --app wsgi index rebuild`."""

import json

import click
from flask.cli import AppGroup

from ..exceptions import ServiceError
from ..extensions import db
from ..validation import bad_language_codes
from .engine import MAX_K
from .services import embedder_problem, match_text, rebuild_matcher

index_group = AppGroup("index", help="The matching index: the experts' cached embeddings.")


@click.command("match")
@click.argument("text")
@click.option("--tag", "tags", multiple=True, help="A tag (name, alias or Chinese term); repeat.")
@click.option("--language", "languages", multiple=True, help="An ISO 639-1 code; repeat.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, MAX_K))
@click.option("--filtered", is_flag=True, help="Also list the experts filtered out, and why.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as the API answers.")
def match_command(text, tags, languages, top, filtered, as_json) -> None:
    """Rank the expert pool for TEXT and say why each expert fits."""
    if bad := bad_language_codes(languages):
        raise click.BadParameter(f"not ISO 639-1 codes: {', '.join(bad)}", param_hint="--language")
    try:
        ranked = match_text(
            text,
            tags=list(tags),
            languages=[c.lower() for c in languages],
            k=top,
            include_filtered=filtered,
        )
    except ServiceError as error:
        raise click.UsageError(error.message) from error
    if as_json:
        click.echo(json.dumps([c.as_dict() for c in ranked], ensure_ascii=False, indent=2))
        return
    problem = embedder_problem()
    if problem:
        click.echo(f"Warning: matching by tags only: {problem}.", err=True)
    for c in ranked:
        parts = ", ".join(f"{k} {v:.2f}" for k, v in c.components.items())
        status = " [filtered]" if c.filtered else ""
        click.echo(f"{c.rank:>3}. {c.score:.2f}  {c.name} ({c.affiliation}, {c.country}){status}")
        click.echo(f"      {parts}; load {c.load}/{c.max_load}")
        for reason in [*c.reasons, *c.filter_reasons]:
            click.echo(f"      - {reason}")


@index_group.command("rebuild")
def rebuild_command() -> None:
    """Embed every active expert whose texts are not cached yet, with a progress bar."""
    problem = embedder_problem()
    if problem:
        raise click.ClickException(f"cannot build the index: {problem}")

    def progress(docs):
        with click.progressbar(docs, label="Indexing experts", show_pos=True) as bar:
            yield from bar

    matcher = rebuild_matcher(progress=progress)
    db.session.commit()
    click.echo(f"Indexed {len(matcher)} active experts.")
