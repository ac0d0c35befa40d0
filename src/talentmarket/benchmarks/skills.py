"""`talentmarket bench skills`: restart time, extraction and title normalisation latency,
and server memory, through the HTTP API of a real server process on a loaded taxonomy
whose vectors are stored (`talentmarket embed`)."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import httpx
import numpy as np

from talentmarket.benchmarks.server import Server
from talentmarket.config import Settings
from talentmarket.textintel.cpu import machine

# About 300 words, with a benefits block and an equal-opportunity line, as real ads have.
JOB_AD = """Senior Data Engineer (m/f/d), Berlin or remote

About the role
You will design, build and operate the data platform that our analysts, data scientists
and product teams rely on every day. You will own batch and streaming pipelines, model
data for reporting, and help the team move from nightly jobs to near real-time data.

What you will do
- Build and maintain ETL and ELT pipelines in Python and SQL, orchestrated with Airflow.
- Design data models in our cloud data warehouse and keep them documented and tested.
- Run Spark and Kafka workloads on Kubernetes and automate deployments with Terraform.
- Monitor data quality, set up alerting and fix incidents together with the on-call rota.
- Work with product managers and analysts to turn questions into reliable datasets.
- Review code, mentor junior engineers and share knowledge in the wider engineering team.

What you bring
- Five or more years of experience in data engineering or backend development.
- Strong Python and SQL skills and a good grasp of data modelling and warehousing.
- Experience with cloud platforms such as AWS or Google Cloud and with infrastructure as code.
- Familiarity with streaming systems, ideally Kafka, and with container orchestration.
- Clear communication in English; German is a plus.
- A structured, pragmatic way of solving problems and a habit of writing things down.

What we offer
- 30 days of paid holiday, a yearly learning budget and flexible working hours.
- Company pension scheme, public transport ticket and gym membership.
- Modern office in the city centre with free drinks and fruit.

We are an equal opportunity employer and value diversity. We do not discriminate on the
basis of race, religion, colour, national origin, gender, sexual orientation, age, marital
status or disability. Apply now with your CV; we look forward to hearing from you."""

TITLES = [
    "Sr. Software Engineer II",
    "HR Business Partner (m/w/d)",
    "Accounts Payable Clerk",
    "Regional Sales Mgr - EMEA",
    "Data Scientist, Marketing Analytics",
    "QA Automation Eng.",
    "Warehouse Associate - Night Shift",
    "Payroll Specialist",
    "Customer Support Rep Tier 2",
    "Head of Procurement",
    "Jr. Graphic Designer",
    "Lead DevOps Engineer (AWS)",
    "Executive Assistant to the CEO",
    "Field Service Technician",
    "Legal Counsel - Contracts",
    "Product Owner Payments",
    "Nurse (RN) ICU",
    "Forklift Driver",
    "Social Media Manager",
    "IT Helpdesk Analyst L1",
]


def _p(values: list[float]) -> tuple[float, float]:
    arr = np.asarray(values)
    return round(float(np.percentile(arr, 50)), 1), round(float(np.percentile(arr, 95)), 1)


def run(database_url: str, requests: int, log: Any) -> dict[str, Any]:
    """Start a server, time readiness and requests, report figures; then the same ad
    again and again on a server that keeps extraction's memory of lines seen lately
    (`extract_repeat_*`: an opening saved again, a profile re-read). The first server has
    that memory off, so its figures are those of an ad never seen before."""
    out = _timed(database_url, requests, log, memory=0)
    default = Settings.model_fields["extraction_memory"].default
    repeat = _timed(database_url, requests, log, memory=int(default))
    out["extract_repeat_p50_ms"] = repeat["extract_p50_ms"]
    out["extract_repeat_p95_ms"] = repeat["extract_p95_ms"]
    out["machine"] = machine()
    return out


def _timed(database_url: str, requests: int, log: Any, memory: int) -> dict[str, Any]:
    """One server keeping `memory` extraction vectors (0: none), timed."""
    words = len(JOB_AD.split())
    with (
        Server(database_url, TALENTMARKET_EXTRACTION_MEMORY=str(memory)) as server,
        httpx.Client(base_url=server.base, timeout=600) as client,
    ):
        health_s = server.wait_ready(client)
        client.post("/v1/skills/extract", json={"text": JOB_AD}).raise_for_status()
        extract_ready_s = time.perf_counter() - server.started
        client.post("/v1/roles/normalize", json={"title": TITLES[0]}).raise_for_status()
        normalize_ready_s = time.perf_counter() - server.started
        log(f"ready: health {health_s:.1f} s, extraction {extract_ready_s:.1f} s")
        extract_ms, normalize_ms = [], []
        found: list[str] = []
        for i in range(requests):
            t = time.perf_counter()
            response = client.post("/v1/skills/extract", json={"text": JOB_AD, "limit": 20})
            extract_ms.append((time.perf_counter() - t) * 1000)
            response.raise_for_status()
            if i == 0:
                found = [s["skill"]["label"] for s in response.json()["skills"]]
            t = time.perf_counter()
            client.post(
                "/v1/roles/normalize", json={"title": TITLES[i % len(TITLES)]}
            ).raise_for_status()
            normalize_ms.append((time.perf_counter() - t) * 1000)
        peak = server.peak_rss_mb()
    e50, e95 = _p(extract_ms)
    n50, n95 = _p(normalize_ms)
    return {
        "job_ad_words": words,
        "extract_p50_ms": e50,
        "extract_p95_ms": e95,
        "normalize_p50_ms": n50,
        "normalize_p95_ms": n95,
        "health_after_start_s": round(health_s, 1),
        "extract_ready_after_start_s": round(extract_ready_s, 1),
        "normalize_ready_after_start_s": round(normalize_ready_s, 1),
        "server_peak_rss_mb": peak,
        "requests": requests,
        "skills_found": found,
    }


def main(database_url: str, requests: int) -> int:
    """Run and print one JSON line."""

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    print(json.dumps(run(database_url, requests, log)))
    return 0
