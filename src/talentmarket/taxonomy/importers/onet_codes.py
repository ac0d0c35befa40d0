"""O*NET identifiers and scales: concept URIs, SOC 2018 major groups, the level mapping,
the release version of an O*NET text folder, and a reader of its tab-separated files."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from talentmarket.taxonomy.importers.rows import Line, Progress, no_progress, read_table

ROLE_URI = "https://www.onetonline.org/link/summary/{code}"
DESCRIPTOR_URI = "https://www.onetonline.org/find/descriptor/result/{element}"
SOC_GROUP_URI = "urn:soc:2018:{major}-0000"
TECHNOLOGY_URI = "urn:onet:technology:{slug}"
COMMODITY_URI = "urn:unspsc:{code}"
TASK_URI = "urn:onet:task:{task_id}"
DWA_URI = "urn:onet:dwa:{dwa_id}"

# SOC 2018 major groups (https://www.bls.gov/soc/2018/major_groups.htm); O*NET-SOC codes
# begin with one of these two-digit prefixes and the text files carry no group titles.
SOC_MAJOR_GROUPS: dict[str, str] = {
    "11": "Management Occupations",
    "13": "Business and Financial Operations Occupations",
    "15": "Computer and Mathematical Occupations",
    "17": "Architecture and Engineering Occupations",
    "19": "Life, Physical, and Social Science Occupations",
    "21": "Community and Social Service Occupations",
    "23": "Legal Occupations",
    "25": "Educational Instruction and Library Occupations",
    "27": "Arts, Design, Entertainment, Sports, and Media Occupations",
    "29": "Healthcare Practitioners and Technical Occupations",
    "31": "Healthcare Support Occupations",
    "33": "Protective Service Occupations",
    "35": "Food Preparation and Serving Related Occupations",
    "37": "Building and Grounds Cleaning and Maintenance Occupations",
    "39": "Personal Care and Service Occupations",
    "41": "Sales and Related Occupations",
    "43": "Office and Administrative Support Occupations",
    "45": "Farming, Fishing, and Forestry Occupations",
    "47": "Construction and Extraction Occupations",
    "49": "Installation, Maintenance, and Repair Occupations",
    "51": "Production Occupations",
    "53": "Transportation and Material Moving Occupations",
    "55": "Military Specific Occupations",
}

ONET_SOC_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
LEVEL_MAX = 7.0  # O*NET's LV scale runs 0..7
ESSENTIAL_IMPORTANCE = 3.0  # IM >= 3 ("important") makes a skill essential for the role
TECHNOLOGY_LEVEL = 3.0  # O*NET rates no level for technologies: our middle level
PROGRESS_EVERY = 5000


def role_uri(code: str) -> str:
    """Public O*NET OnLine summary page of an occupation."""
    return ROLE_URI.format(code=code)


def soc_group_uri(major: str) -> str:
    """URN of a SOC 2018 major group from its two-digit prefix."""
    return SOC_GROUP_URI.format(major=major)


def descriptor_uri(element_id: str) -> str:
    """Public O*NET OnLine page of a content-model element (skill or skill group)."""
    return DESCRIPTOR_URI.format(element=element_id)


def technology_slug(example: str) -> str:
    """Lower-case ASCII slug of a technology name; keeps C, C++ and C# apart."""
    text = example.lower().replace("+", " plus ").replace("#", " sharp ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def technology_uri(example: str) -> str:
    """URN of an O*NET technology example ("Microsoft Excel")."""
    return TECHNOLOGY_URI.format(slug=technology_slug(example))


def commodity_uri(code: str) -> str:
    """URN of a UNSPSC commodity, the group of O*NET technology examples."""
    return COMMODITY_URI.format(code=code)


def task_uri(task_id: str) -> str:
    """URN of an O*NET task statement."""
    return TASK_URI.format(task_id=task_id)


def dwa_uri(dwa_id: str) -> str:
    """URN of an O*NET detailed work activity."""
    return DWA_URI.format(dwa_id=dwa_id)


def level_from_lv(lv: float) -> float:
    """Our 1-5 proficiency from O*NET's 0-7 level: 1 + 4 * LV / 7, one decimal, in 1..5."""
    return min(5.0, max(1.0, round(1.0 + 4.0 * lv / LEVEL_MAX, 1)))


def checksum(folder: Path) -> str:
    """SHA-256 of the text files' names and sizes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".tsv"}):
        digest.update(path.name.encode())
        digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()


def release_version(folder: Path, digest: str) -> str:
    """The O*NET release from a marker (db_29_0_text, VERSION, Read Me), else a checksum."""
    match = re.search(r"db_(\d+)_(\d+)", folder.name)
    if match:
        return f"{match.group(1)}.{match.group(2)}"
    for name in ("VERSION", "version.txt"):
        marker = folder / name
        if marker.is_file():
            text = marker.read_text(encoding="utf-8").strip()
            if text:
                return text.splitlines()[0].strip()[:64]
    readme = folder / "Read Me.txt"
    if readme.is_file():
        found = re.search(
            r"O\*NET\s+(\d+\.\d+)", readme.read_text(encoding="utf-8", errors="ignore")
        )
        if found:
            return found.group(1)
    return "onet-" + digest[:12]


def table(
    folder: Path, name: str, required: tuple[str, ...], progress: Progress = no_progress
) -> Iterator[Line]:
    """Rows of one O*NET tab-separated file, reporting progress under the file's name."""
    path = folder / name
    total = max(path.read_bytes().count(b"\n") - 1, 0) if path.is_file() else 0
    done = 0
    for done, line in enumerate(read_table(path, required, delimiter="\t"), start=1):
        if done % PROGRESS_EVERY == 0:
            progress(f"read {name}", done, max(total, done))
        yield line
    progress(f"read {name}", done, done)
