"""O*NET importer: the tab-separated text files of an O*NET database release.

What it reads, and how it maps to our model:

- Roles: `Occupation Data.txt` (one role per O*NET-SOC code, URI the occupation's O*NET
  OnLine summary page), alternative titles and short titles from `Alternate Titles.txt`,
  under the SOC 2018 major groups (`urn:soc:2018:15-0000`) as role groups (parent and
  broader edge).
- Skills: the content-model leaves under 2.A (Basic Skills) and 2.B (Cross-Functional
  Skills) from `Content Model Reference.txt`, with their sub-groups as skill groups and
  broader edges; technologies from `Technology Skills.txt` as tools
  (`urn:onet:technology:<slug>`) under their UNSPSC commodity (`urn:unspsc:<code>`).
- Role-skill edges from `Skills.txt`: importance = IM (1-5), source_level = LV (0-7),
  level = 1 + 4 * LV / 7 rounded to one decimal (0 -> 1.0, 3.5 -> 3.0, 7 -> 5.0);
  essential when IM >= 3, else optional. Pairs whose LV row is marked `Not Relevant`
  are skipped; a value marked `Recommend Suppress` is treated as missing (no IM: pair
  skipped; no LV: level left empty). Technologies: essential when O*NET marks them
  Hot Technology or In Demand, else optional; no importance; level 3.
- Tasks, detailed work activities and task-skill links: see `onet_tasks`. The task-skill
  links are derived (O*NET rates no skills per task): DWA -> its generalized work activity
  -> `Skills to Work Activities.txt`, kept where the task's occupation rates the skill
  IM >= 3, weight IM / 5.
- `ESCO_ONET_crosswalk_v1.tsv`: ESCO occupations (exactMatch) and ISCO groups
  (exactISCO) an occupation equals go into the role's `same_as`; close, broad and narrow
  matches are not equivalences and are left out.

Every reference is checked while reading; a bad row raises ImportFormatError with the file
and line. Nothing touches the database here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from talentmarket.errors import ImportFormatError
from talentmarket.taxonomy.importers import onet_codes as codes
from talentmarket.taxonomy.importers.onet_codes import table
from talentmarket.taxonomy.importers.onet_tasks import read_tasks
from talentmarket.taxonomy.importers.rows import (
    EdgeRow,
    Line,
    Progress,
    RoleRow,
    RoleSkillRow,
    SkillRow,
    TaxonomyRows,
    no_progress,
)

SOURCE = "onet"
SKILL_ROOTS = ("2.A", "2.B")
SAME_AS_MATCHES = frozenset({"exactMatch", "exactISCO"})
KNOWN_MATCHES = SAME_AS_MATCHES | {"closeMatch", "broadMatch", "narrowMatch"}


@dataclass
class Rating:
    """Importance and level of one skill for one occupation, as Skills.txt gives them."""

    importance: float | None = None
    level: float | None = None
    relevant: bool = True


@dataclass(frozen=True)
class ContentElement:
    """An element of the O*NET content model."""

    element_id: str
    name: str
    description: str


def read_onet(
    folder: Path, progress: Progress = no_progress, version: str | None = None
) -> TaxonomyRows:
    """Parse an O*NET text folder into rows; raises ImportFormatError on the first bad row."""
    if not folder.is_dir():
        raise ImportFormatError(str(folder), 0, "O*NET folder not found")
    digest = codes.checksum(folder)
    rows = TaxonomyRows(SOURCE, version or codes.release_version(folder, digest), checksum=digest)
    model = read_content_model(folder)
    occupations = _read_roles(folder, rows, progress)
    skills = _read_skills(rows, model)
    importance = _read_ratings(folder, rows, occupations, skills, progress)
    _read_technologies(folder, rows, occupations, progress)
    read_tasks(folder, rows, occupations, model.keys(), skills, importance, progress)
    return rows


def read_content_model(folder: Path) -> dict[str, ContentElement]:
    """Every element of `Content Model Reference.txt` by Element ID."""
    model: dict[str, ContentElement] = {}
    for line in table(folder, "Content Model Reference.txt", ("Element ID", "Element Name")):
        element = line.require("Element ID")
        if element in model:
            raise line.fail(f"duplicate Element ID {element}")
        model[element] = ContentElement(
            element, line.require("Element Name"), line.get("Description")
        )
    return model


# -- roles ---------------------------------------------------------------------------------
def _read_roles(folder: Path, rows: TaxonomyRows, progress: Progress) -> set[str]:
    occupations: dict[str, Line] = {}
    for line in table(folder, "Occupation Data.txt", ("O*NET-SOC Code", "Title"), progress):
        code = line.require("O*NET-SOC Code")
        if not codes.ONET_SOC_CODE.match(code):
            raise line.fail(f"O*NET-SOC code {code!r} is not like 15-1252.00")
        if code[:2] not in codes.SOC_MAJOR_GROUPS:
            raise line.fail(f"O*NET-SOC code {code} is in no SOC 2018 major group")
        if code in occupations:
            raise line.fail(f"duplicate O*NET-SOC code {code}")
        occupations[code] = line

    alt_titles: dict[str, dict[str, None]] = {code: {} for code in occupations}
    for line in table(folder, "Alternate Titles.txt", ("O*NET-SOC Code", "Alternate Title")):
        code = _occupation(line, occupations)
        title = occupations[code].get("Title")
        for column in ("Alternate Title", "Short Title"):
            alt = line.get(column)
            if alt and alt != title:
                alt_titles[code].setdefault(alt, None)

    same_as = _read_crosswalk(folder, rows, occupations)
    for major in sorted({code[:2] for code in occupations}):
        rows.roles.append(
            RoleRow(
                uri=codes.soc_group_uri(major),
                kind="group",
                title=codes.SOC_MAJOR_GROUPS[major],
                code=f"{major}-0000",
            )
        )
    for code, line in occupations.items():
        rows.roles.append(
            RoleRow(
                uri=codes.role_uri(code),
                title=line.require("Title"),
                code=code,
                alt_titles=tuple(alt_titles[code]),
                description=line.get("Description"),
                parent_uri=codes.soc_group_uri(code[:2]),
                same_as=tuple(same_as.get(code, ())),
            )
        )
        rows.role_edges.append(
            EdgeRow(codes.role_uri(code), codes.soc_group_uri(code[:2]), "broader")
        )
    progress("read occupations", len(occupations), len(occupations))
    return set(occupations)


def _occupation(line: Line, occupations: dict[str, Line] | set[str]) -> str:
    code = line.require("O*NET-SOC Code")
    if code not in occupations:
        raise line.fail(f"unknown O*NET-SOC code {code}")
    return code


def _read_crosswalk(
    folder: Path, rows: TaxonomyRows, occupations: dict[str, Line]
) -> dict[str, list[str]]:
    """ESCO URIs each occupation equals, from the official ESCO-O*NET crosswalk."""
    found = sorted(folder.glob("ESCO_ONET_crosswalk*.tsv"))
    if not found:
        rows.notes.append("no ESCO_ONET_crosswalk*.tsv: roles carry no ESCO equivalents")
        return {}
    same_as: dict[str, list[str]] = {}
    kinds: Counter[str] = Counter()
    for line in table(folder, found[-1].name, ("O*NET Id", "ESCO or ISCO URI", "Type of Match")):
        code = line.require("O*NET Id")
        if code not in occupations:
            raise line.fail(f"unknown O*NET-SOC code {code}")
        uri = line.require("ESCO or ISCO URI")
        if not uri.startswith("http://data.europa.eu/esco/"):
            raise line.fail(f"{uri!r} is not an ESCO URI")
        kind = line.require("Type of Match")
        if kind not in KNOWN_MATCHES:
            raise line.fail(
                f"Type of Match {kind!r} is not one of {', '.join(sorted(KNOWN_MATCHES))}"
            )
        kinds[kind] += 1
        if kind in SAME_AS_MATCHES and uri not in same_as.setdefault(code, []):
            same_as[code].append(uri)
    kept = sum(kinds[k] for k in SAME_AS_MATCHES)
    summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    rows.notes.append(
        f"crosswalk {found[-1].name}: {kept} exactMatch/exactISCO rows kept as same_as for "
        f"{sum(1 for v in same_as.values() if v)} occupations ({summary})"
    )
    return same_as


# -- skills --------------------------------------------------------------------------------
def _read_skills(rows: TaxonomyRows, model: dict[str, ContentElement]) -> set[str]:
    """Skills and skill groups of the content model below 2.A and 2.B; returns skill IDs."""
    below = [e for e in model if any(e == r or e.startswith(r + ".") for r in SKILL_ROOTS)]
    parents = {e.rsplit(".", 1)[0] for e in below}
    skills: set[str] = set()
    for element in below:
        item = model[element]
        is_group = element in parents
        rows.skills.append(
            SkillRow(
                uri=codes.descriptor_uri(element),
                kind="group" if is_group else "skill",
                label=item.name,
                description=item.description,
                skill_type="group" if is_group else "skill",
                code=element,
            )
        )
        if not is_group:
            skills.add(element)
        if element not in SKILL_ROOTS:
            parent = element.rsplit(".", 1)[0]
            if parent not in model:
                raise ImportFormatError(
                    "Content Model Reference.txt", 0, f"{element} has no parent {parent}"
                )
            rows.skill_edges.append(
                EdgeRow(codes.descriptor_uri(element), codes.descriptor_uri(parent), "broader")
            )
    if not skills:
        raise ImportFormatError("Content Model Reference.txt", 0, "no skills below 2.A or 2.B")
    return skills


def _read_ratings(
    folder: Path, rows: TaxonomyRows, occupations: set[str], skills: set[str], progress: Progress
) -> dict[tuple[str, str], float]:
    """Role-skill edges from Skills.txt; returns IM of every kept (occupation, element)."""
    ratings = _ratings(folder, occupations, skills, progress)
    importance: dict[tuple[str, str], float] = {}
    skipped: Counter[str] = Counter()
    for (code, element), rating in ratings.items():
        if not rating.relevant:
            skipped["marked not relevant"] += 1
            continue
        if rating.importance is None:
            skipped["without importance (no IM row or IM suppressed)"] += 1
            continue
        if rating.level is None:
            skipped["kept without level (LV missing or suppressed)"] += 1
        importance[(code, element)] = rating.importance
        rows.role_skills.append(
            RoleSkillRow(
                role_uri=codes.role_uri(code),
                skill_uri=codes.descriptor_uri(element),
                relation="essential"
                if rating.importance >= codes.ESSENTIAL_IMPORTANCE
                else "optional",
                importance=rating.importance,
                level=None if rating.level is None else codes.level_from_lv(rating.level),
                source_level=rating.level,
            )
        )
    rated = len({code for code, _ in ratings})
    rows.notes.append(f"Skills.txt rates {rated} of {len(occupations)} occupations")
    rows.notes.extend(f"Skills.txt: {n} occupation-skill pairs {why}" for why, n in skipped.items())
    return importance


def _ratings(
    folder: Path, occupations: set[str], skills: set[str], progress: Progress
) -> dict[tuple[str, str], Rating]:
    """The IM and LV ratings of Skills.txt per (occupation, element), checked."""
    required = ("O*NET-SOC Code", "Element ID", "Scale ID", "Data Value")
    ratings: dict[tuple[str, str], Rating] = {}
    seen: set[tuple[str, str, str]] = set()
    for line in table(folder, "Skills.txt", required, progress):
        code = _occupation(line, occupations)
        element = line.require("Element ID")
        if element not in skills:
            raise line.fail(f"unknown skill element {element}")
        scale = line.require("Scale ID")
        if scale == "IM":
            value: float | None = line.number("Data Value", low=1, high=5)
        elif scale == "LV":
            value = line.number("Data Value", low=0, high=codes.LEVEL_MAX)
        else:
            raise line.fail(f"Scale ID {scale!r} is not IM or LV")
        if (code, element, scale) in seen:
            raise line.fail(f"second {scale} row for {code} and {element}")
        seen.add((code, element, scale))
        for column in ("Not Relevant", "Recommend Suppress"):
            if line.get(column) not in {"", "Y", "N"}:
                raise line.fail(f"{column} {line.get(column)!r} is not Y or N")
        rating = ratings.setdefault((code, element), Rating())
        if line.get("Not Relevant") == "Y":
            rating.relevant = False
        if line.get("Recommend Suppress") == "Y":
            value = None
        if scale == "IM":
            rating.importance = value
        else:
            rating.level = value
    return ratings


def _read_technologies(
    folder: Path, rows: TaxonomyRows, occupations: set[str], progress: Progress
) -> None:
    """Technology examples as tools under UNSPSC commodities, and role-tool edges."""
    commodities: set[str] | None = None
    if (folder / "UNSPSC Reference.txt").is_file():
        commodities = {
            line.require("Commodity Code")
            for line in table(folder, "UNSPSC Reference.txt", ("Commodity Code",))
        }
    required = ("O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology")
    labels: dict[str, str] = {}
    merged: dict[str, dict[str, None]] = {}
    groups: dict[str, str] = {}
    broader: dict[tuple[str, str], None] = {}
    edges: dict[tuple[str, str], bool] = {}
    for line in table(folder, "Technology Skills.txt", required, progress):
        code = _occupation(line, occupations)
        example = line.require("Example")
        commodity = line.require("Commodity Code")
        if not commodity.isdigit() or (commodities is not None and commodity not in commodities):
            raise line.fail(f"unknown UNSPSC commodity code {commodity}")
        flags = [line.get(c, "N") for c in ("Hot Technology", "In Demand")]
        if any(f not in {"Y", "N"} for f in flags):
            raise line.fail(f"Hot Technology / In Demand {flags} are not Y or N")
        uri = codes.technology_uri(example)
        if not codes.technology_slug(example):
            raise line.fail(f"technology {example!r} has no letters or digits")
        first = labels.setdefault(uri, example)
        if first != example:  # same slug: spelling variants of one technology
            merged.setdefault(uri, {})[example] = None
        groups.setdefault(commodity, line.require("Commodity Title"))
        broader[(uri, codes.commodity_uri(commodity))] = None
        key = (codes.role_uri(code), uri)
        edges[key] = edges.get(key, False) or "Y" in flags
    _technology_rows(rows, labels, merged, groups, broader, edges)


def _technology_rows(
    rows: TaxonomyRows,
    labels: dict[str, str],
    merged: dict[str, dict[str, None]],
    groups: dict[str, str],
    broader: dict[tuple[str, str], None],
    edges: dict[tuple[str, str], bool],
) -> None:
    """Commodity groups, tools (spelling variants as alt labels) and role-tool edges."""
    for commodity, title in sorted(groups.items()):
        rows.skills.append(
            SkillRow(
                uri=codes.commodity_uri(commodity),
                kind="group",
                label=title,
                skill_type="group",
                code=commodity,
            )
        )
    for uri, label in labels.items():
        alt = tuple(merged.get(uri, ()))
        rows.skills.append(SkillRow(uri=uri, label=label, alt_labels=alt, skill_type="tool"))
    rows.skill_edges.extend(EdgeRow(s, t, "broader") for s, t in broader)
    rows.role_skills.extend(
        RoleSkillRow(
            role_uri=role,
            skill_uri=tool,
            relation="essential" if hot else "optional",
            level=codes.TECHNOLOGY_LEVEL,
        )
        for (role, tool), hot in edges.items()
    )
    if merged:
        rows.notes.append(f"{len(merged)} technologies have spelling variants kept as alt labels")
