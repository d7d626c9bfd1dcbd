"""Tests of gene annotation against facts checked in NCBI Gene (org.Hs.eg.db 3.16.0)."""

from __future__ import annotations

import pandas as pd
import pytest

from mirbone.annotate import COLUMNS, STATUSES, annotate, gene_table, refseq_table, resolve_genes
from mirbone.errors import InputError


@pytest.mark.parametrize(
    ("query", "symbol", "entrez"),
    [
        ("FAM134A", "RETREG2", "79137"),
        ("RANKL", "TNFSF11", "8600"),
        ("OPG", "TNFRSF11B", "4982"),
        ("GLUT3", "SLC2A3", "6515"),
        ("OCN", "BGLAP", "632"),
        ("OPN", "SPP1", "6696"),
    ],
)
def test_aliases_resolve_to_current_symbols(query, symbol, entrez):
    row = resolve_genes([query]).iloc[0]
    assert (row["symbol"], row["entrez_id"], row["status"]) == (symbol, entrez, "alias")


def test_alias_with_one_protein_coding_candidate_lists_every_candidate():
    row = resolve_genes(["OPG"]).iloc[0]
    assert row["candidates"].split(";") == ["BTF3P11", "TNFRSF11B"]


def test_shared_alias_is_ambiguous_with_candidates():
    row = resolve_genes(["ALP"]).iloc[0]
    assert row["status"] == "ambiguous"
    assert pd.isna(row["symbol"]) and pd.isna(row["entrez_id"])
    assert {"ALPP", "SLPI", "PDLIM3", "NAT10"} <= set(row["candidates"].split(";"))


def test_bone_alias_table_rows_match_the_snapshot():
    from mirbone.annotate import bone_alias_table

    bone = bone_alias_table()
    assert list(bone.columns) == ["alias", "symbol", "entrez_id", "note"]
    assert bone["alias"].str.upper().is_unique and bone["note"].notna().all()
    genes = gene_table().set_index("entrez_id")
    assert genes.loc[bone["entrez_id"], "symbol"].tolist() == bone["symbol"].tolist()
    # facts of NCBI Gene: ALPL 249, ACP5 54, SP7 121340, IBSP 3381, CSF1 1435, CSF1R 1436
    facts = {
        "ALP": ("ALPL", "249"),
        "TRAP": ("ACP5", "54"),
        "Osterix": ("SP7", "121340"),
        "BSP": ("IBSP", "3381"),
        "M-CSF": ("CSF1", "1435"),
        "c-Fms": ("CSF1R", "1436"),
        "RANK": ("TNFRSF11A", "8792"),
    }
    rows = bone.set_index("alias")
    for alias, (symbol, entrez) in facts.items():
        assert (rows.loc[alias, "symbol"], rows.loc[alias, "entrez_id"]) == (symbol, entrez)


def test_alp_stays_ambiguous_with_the_bone_gene_first():
    row = resolve_genes(["ALP"]).iloc[0]
    candidates = row["candidates"].split(";")
    assert row["status"] == "ambiguous" and candidates[0] == "ALPL"
    assert {"ALPP", "SLPI"} <= set(candidates[1:])  # NCBI's own ALP genes stay listed
    plain = resolve_genes(["ALP"], bone=False).iloc[0]
    assert "ALPL" not in plain["candidates"].split(";")


def test_trap_is_a_symbol_in_ncbi_and_ambiguous_with_acp5():
    # TRAP is the current NCBI symbol of gene 100187907; bone papers mean ACP5 (54)
    plain = resolve_genes(["TRAP"], bone=False).iloc[0]
    assert (plain["symbol"], plain["entrez_id"], plain["status"]) == ("TRAP", "100187907", "symbol")
    row = resolve_genes(["TRAP"]).iloc[0]
    assert row["status"] == "ambiguous" and pd.isna(row["symbol"])
    assert row["candidates"].split(";") == ["ACP5", "TRAP"]


@pytest.mark.parametrize(
    ("query", "symbol", "entrez"),
    [
        ("M-CSF", "CSF1", "1435"),
        ("Osteocalcin", "BGLAP", "632"),
        ("sclerostin", "SOST", "50964"),
        ("Cathepsin K", "CTSK", "1513"),
        ("DC-STAMP", "DCSTAMP", "81501"),
    ],
)
def test_bone_names_unknown_to_ncbi_resolve_to_the_bone_gene(query, symbol, entrez):
    assert resolve_genes([query], bone=False)["status"].tolist() == ["unknown"]
    row = resolve_genes([query]).iloc[0]
    assert (row["symbol"], row["entrez_id"], row["status"]) == (symbol, entrez, "alias")


def test_bone_names_ncbi_already_resolves_are_unchanged():
    names = ["Osterix", "TRAcP", "BSP", "RANK", "c-Fms", "OPG", "OCN"]
    assert resolve_genes(names).equals(resolve_genes(names, bone=False))
    # OSX: NCBI lists MID1 and SP7; still ambiguous, the bone gene first
    assert resolve_genes(["OSX"])["candidates"].tolist() == ["SP7;MID1"]


def test_ids_and_case():
    table = resolve_genes(
        [
            "3091",
            3091,
            "3091.0",
            3091.0,
            "ENSG00000100644.16",
            "ensg00000100644",
            "hif1a",
            "  HIF1A ",
        ]
    )
    assert (table["symbol"] == "HIF1A").all()
    assert (table["entrez_id"] == "3091").all()
    assert table["status"].tolist() == ["entrez"] * 4 + ["ensembl"] * 2 + ["symbol"] * 2
    assert table["query"].tolist()[:4] == ["3091", "3091", "3091.0", "3091"]


def test_current_symbol_wins_over_alias():
    # "TEC" is the symbol of TEC (7006, protein-coding) and of a phenotype record.
    row = resolve_genes(["TEC"]).iloc[0]
    assert (row["symbol"], row["entrez_id"], row["status"]) == ("TEC", "7006", "symbol")


def test_unknown_empty_and_retired_entrez():
    table = resolve_genes(["NOTAGENE42", "", None, float("nan"), "999999999"])
    assert table["status"].tolist() == ["unknown", "empty", "empty", "empty", "unknown"]
    assert table["symbol"].isna().all()


def test_repeated_queries_keep_order_and_length():
    queries = ["SPP1", "RANKL", "SPP1", "x"] * 50
    table = resolve_genes(queries)
    assert table["query"].tolist() == queries
    assert table["symbol"].tolist()[:4] == ["SPP1", "TNFSF11", "SPP1", None]


def test_annotate_snapshot_columns_and_source():
    table = annotate(["RUNX2", "SP7"])
    assert tuple(table.columns) == COLUMNS
    assert table["entrez_id"].tolist() == ["860", "121340"]
    assert set(table["status"]) <= set(STATUSES)
    assert "NCBI Gene 2022-09-12" in table.source


def test_snapshot_species_are_human_mouse_rat():
    with pytest.raises(InputError, match="hsa, mmu and rno are bundled"):
        annotate(["runx2a"], species="zebrafish")
    with pytest.raises(InputError, match="source"):
        annotate(["RUNX2"], source="ensembl")  # type: ignore[arg-type]


def test_gene_and_refseq_tables():
    genes = gene_table()
    assert genes["entrez_id"].is_unique
    row = genes.set_index("symbol").loc["BGLAP"]
    assert (row["entrez_id"], row["chromosome"], row["type"]) == ("632", "1", "protein-coding")
    refseq = refseq_table().set_index("refseq")
    assert refseq.loc["NM_001552", "entrez_id"] == "3487"  # IGFBP4
    assert not refseq.index.str.contains(r"\.").any()


# --------------------------------------------------------------------------- MyGene.info path
# A local stand-in for MyGene.info v3: POST /v3/query/ (querymany), GET /v3/query and
# GET /v3/metadata, answering in the service's documented JSON layout (see
# /work/shared/FORMATS.md and biothings_client's parser). Records every request.

# A few genes as MyGene.info returns them: ensembl a dict or a list of dicts, entrezgene an
# int or a string.
MYGENE_DB = [
    {
        "_id": "8600",
        "entrezgene": 8600,
        "symbol": "TNFSF11",
        "name": "TNF superfamily member 11",
        "type_of_gene": "protein-coding",
        "ensembl": {"gene": "ENSG00000120659"},
        "alias": ["CD254", "ODF", "OPGL", "RANKL", "TRANCE"],
    },
    {
        "_id": "6696",
        "entrezgene": "6696",
        "symbol": "SPP1",
        "name": "secreted phosphoprotein 1",
        "type_of_gene": "protein-coding",
        "ensembl": {"gene": "ENSG00000118785"},
        "alias": ["BNSP", "BSPI", "ETA-1", "OPN"],
    },
    {
        "_id": "3091",
        "entrezgene": 3091,
        "symbol": "HIF1A",
        "name": "hypoxia inducible factor 1 subunit alpha",
        "type_of_gene": "protein-coding",
        "ensembl": [{"gene": "ENSG00000100644"}, {"gene": "ENSG00000285932"}],
        "alias": ["HIF1"],
    },
    {
        "_id": "250",
        "entrezgene": 250,
        "symbol": "ALPP",
        "name": "alkaline phosphatase, placental",
        "type_of_gene": "protein-coding",
        "ensembl": {"gene": "ENSG00000163283"},
        "alias": ["ALP", "PLAP"],
    },
    {
        "_id": "6590",
        "entrezgene": 6590,
        "symbol": "SLPI",
        "name": "secretory leukocyte peptidase inhibitor",
        "type_of_gene": "protein-coding",
        "ensembl": {"gene": "ENSG00000124107"},
        "alias": ["ALP", "BLPI"],
    },
    # mouse and rat records (MyGene.info's taxid field; the human ones above have none and
    # count as 9606): NCBI Gene 12349 Car2 and 12393 Runx2 (mouse), 367218 Runx2 (rat)
    {
        "_id": "12349",
        "entrezgene": 12349,
        "symbol": "Car2",
        "name": "carbonic anhydrase 2",
        "type_of_gene": "protein-coding",
        "ensembl": {"gene": "ENSMUSG00000027562"},
        "alias": ["CAII", "Ca2", "Car-2"],
        "taxid": 10090,
    },
    {
        "_id": "12393",
        "entrezgene": 12393,
        "symbol": "Runx2",
        "name": "runt related transcription factor 2",
        "type_of_gene": "protein-coding",
        "ensembl": {"gene": "ENSMUSG00000039153"},
        "alias": ["Cbfa1", "Osf2", "AML3"],
        "taxid": 10090,
    },
    {
        "_id": "367218",
        "entrezgene": 367218,
        "symbol": "Runx2",
        "name": "RUNX family transcription factor 2",
        "type_of_gene": "protein-coding",
        "ensembl": {"gene": "ENSRNOG00000020193"},
        "alias": ["Cbfa1"],
        "taxid": 10116,
    },
]
_TAXA = {"human": 9606, "mouse": 10090, "rat": 10116}


def _of_species(gene, species):
    """Whether a record belongs to the species MyGene.info was asked for."""
    wanted = {_TAXA.get(s.strip(), int(s) if s.strip().isdigit() else -1) for s in species}
    return "all" in species or gene.get("taxid", 9606) in wanted


def _matches(gene, term, scopes):
    term = term.upper()
    checks = {
        "symbol": [gene["symbol"]],
        "alias": gene["alias"],
        "entrezgene": [str(gene["entrezgene"])],
        "ensembl.gene": [
            e["gene"]
            for e in (gene["ensembl"] if isinstance(gene["ensembl"], list) else [gene["ensembl"]])
        ],
    }
    return any(term == value.upper() for scope in scopes for value in checks.get(scope, []))


def _hit(gene, fields, score):
    hit = {"_id": gene["_id"], "_score": score}
    for field in fields:
        top = field.split(".")[0]
        if top in gene:
            hit[top] = gene[top]
    return hit


@pytest.fixture
def mygene_server():
    import csv
    import http.server
    import json
    import threading
    import urllib.parse

    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, payload):
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            requests.append(("POST", self.path, form))
            if self.path.rstrip("/") != "/v3/query":
                self.send_error(404)
                return
            terms = next(csv.reader([form["q"][0]]))
            scopes = form.get("scopes", ["_id"])[0].split(",")
            fields = form.get("fields", ["symbol,name"])[0].split(",")
            species = form.get("species", ["all"])[0].split(",")
            out = []
            for term in terms:
                found = [
                    g for g in MYGENE_DB if _of_species(g, species) and _matches(g, term, scopes)
                ]
                out.extend(
                    {"query": term, **_hit(g, fields, 20.0 - i)} for i, g in enumerate(found)
                )
                if not found:
                    out.append({"query": term, "notfound": True})
            self._send(out)

        def do_GET(self):
            parsed = urllib.parse.urlparse(self.path)
            params = urllib.parse.parse_qs(parsed.query)
            requests.append(("GET", parsed.path, params))
            if parsed.path.rstrip("/") == "/v3/metadata":
                self._send({"build_date": "2026-11-01T00:00:00", "biothing_type": "gene"})
            elif parsed.path.rstrip("/") == "/v3/query":
                term = params.get("q", [""])[0]
                hits = [
                    _hit(g, ["symbol", "name", "entrezgene"], 10.0)
                    for g in MYGENE_DB
                    if _matches(g, term, ["symbol", "alias", "entrezgene"])
                ]
                self._send({"took": 1, "total": len(hits), "max_score": 10.0, "hits": hits})
            else:
                self.send_error(404)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v3", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def dead_url():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"


def _client(url):
    import mygene

    client = mygene.MyGeneInfo()
    client.url = url
    client.delay = 0
    return client


def test_server_answers_real_client_get(mygene_server):
    url, requests = mygene_server
    assert requests == []
    answer = _client(url).query("RANKL")
    assert answer["total"] == 1 and answer["hits"][0]["symbol"] == "TNFSF11"
    assert _client(url).metadata()["biothing_type"] == "gene"


def test_mygene_annotation_and_cache(mygene_server, tmp_path, monkeypatch):
    url, requests = mygene_server
    monkeypatch.setenv("MIRBONE_MYGENE_URL", url)
    queries = ["RANKL", "OPN", "3091", "ENSG00000100644.16", "ALP", "NOTAGENE", "spp1", "RANKL"]
    table = annotate(queries, source="mygene", cache_dir=tmp_path)
    assert tuple(table.columns) == COLUMNS
    assert table["symbol"].tolist() == [
        "TNFSF11",
        "SPP1",
        "HIF1A",
        "HIF1A",
        None,
        None,
        "SPP1",
        "TNFSF11",
    ]
    assert table["status"].tolist() == [
        "alias",
        "alias",
        "entrez",
        "ensembl",
        "ambiguous",
        "unknown",
        "symbol",
        "alias",
    ]
    assert table["entrez_id"].tolist()[:3] == ["8600", "6696", "3091"]
    assert table.loc[2, "ensembl"] == "ENSG00000100644;ENSG00000285932"
    assert table.loc[0, "type"] == "protein-coding"
    assert table.source.startswith(f"MyGene.info ({url}")
    posts = [r for r in requests if r[0] == "POST"]
    assert len(posts) == 1
    form = posts[0][2]
    assert form["scopes"] == ["symbol,alias,entrezgene,ensembl.gene"]
    assert form["species"] == ["human"]
    assert set(form["fields"][0].split(",")) >= {"symbol", "entrezgene", "ensembl.gene"}
    assert len(list(tmp_path.glob("mygene/*.json"))) == 7  # distinct queries

    requests.clear()
    again = annotate(queries, source="mygene", cache_dir=tmp_path)
    assert requests == []
    pd.testing.assert_frame_equal(again, table)

    # Only the new query goes out when part of the list is cached.
    annotate(["RANKL", "HIF1"], source="mygene", cache_dir=tmp_path)
    assert len(requests) == 1
    assert next(csv_terms(requests[0][2]["q"][0])) == ["HIF1"]


def csv_terms(text):
    import csv

    return csv.reader([text])


def test_mygene_batches(mygene_server, tmp_path):
    url, requests = mygene_server
    from mirbone.annotate import MyGeneAnnotator

    client = _client(url)
    client.step = 2
    backend = MyGeneAnnotator(cache_dir=tmp_path, client=client, pause=0)
    table = backend.annotate(["RANKL", "OPN", "HIF1A", "SLPI", "ALPP"])
    assert table["status"].tolist() == ["alias", "alias", "symbol", "symbol", "symbol"]
    posts = [r for r in requests if r[0] == "POST"]
    assert [len(next(csv_terms(r[2]["q"][0]))) for r in posts] == [2, 2, 1]


def test_mygene_unreachable(dead_url, tmp_path):
    from mirbone.annotate import AnnotationUnavailable

    client = _client(dead_url)
    with pytest.raises(AnnotationUnavailable, match=r"MyGene\.info could not be reached"):
        annotate(["RANKL"], source="mygene", cache_dir=tmp_path, client=client)
    with pytest.raises(InputError):
        annotate(["RANKL"], source="mygene", cache_dir=tmp_path, client=client)
    table = annotate(["RANKL"], source="mygene", cache_dir=tmp_path, client=client, fallback=True)
    assert table.loc[0, "symbol"] == "TNFSF11"
    assert "fallback" in table.source and "NCBI Gene" in table.source
    assert list(tmp_path.glob("mygene/*.json")) == []


def test_mygene_other_species_needs_online(mygene_server, tmp_path):
    url, requests = mygene_server
    annotate(["Tnfsf11"], source="mygene", species="mouse", cache_dir=tmp_path, client=_client(url))
    assert requests[-1][2]["species"] == ["mouse"]


@pytest.mark.parametrize(
    ("species", "sent", "query", "expected"),
    [
        ("mmu", "mouse", "Car2", ("Car2", "12349", "symbol")),
        ("mouse", "mouse", "Ca2", ("Car2", "12349", "alias")),
        ("mmu", "mouse", "Cbfa1", ("Runx2", "12393", "alias")),
        ("rno", "rat", "Cbfa1", ("Runx2", "367218", "alias")),
        ("rat", "rat", "367218", ("Runx2", "367218", "entrez")),
    ],
)
def test_mygene_mouse_and_rat(mygene_server, tmp_path, species, sent, query, expected):
    # species codes go to MyGene.info as its own names; the answer is that species' gene
    url, requests = mygene_server
    table = annotate([query], source="mygene", species=species, cache_dir=tmp_path,
                     client=_client(url))  # fmt: skip
    assert tuple(table.loc[0, ["symbol", "entrez_id", "status"]]) == expected
    assert requests[-1][2]["species"] == [sent]


def test_mygene_rat_fills_what_the_offline_rat_table_lacks(mygene_server, tmp_path):
    # offline, the rat table has no NCBI synonyms: Cbfa1 stays unknown and the note says
    # why; online, MyGene.info's rat record resolves it
    offline = annotate(["Cbfa1"], species="rat")
    assert offline.loc[0, "status"] == "unknown"
    assert "online annotation asks MyGene.info" in offline.note
    url, _ = mygene_server
    online = annotate(["Cbfa1"], source="mygene", species="rat", cache_dir=tmp_path,
                      client=_client(url))  # fmt: skip
    assert online.loc[0, "entrez_id"] == "367218"
    # the online answer for a mouse gene never falls back to human: unknown stays unknown
    unknown = annotate(["CA2"], source="mygene", species="rat", cache_dir=tmp_path,
                       client=_client(url))  # fmt: skip
    assert unknown.loc[0, "status"] == "unknown"


def test_mygene_fallback_uses_the_species_snapshot(dead_url, tmp_path):
    table = annotate(["Car2"], source="mygene", species="mouse", cache_dir=tmp_path,
                     client=_client(dead_url), fallback=True)  # fmt: skip
    assert tuple(table.loc[0, ["symbol", "entrez_id"]]) == ("Car2", "12349")
    assert "fallback" in table.source and "mouse" in table.source


# --------------------------------------------------------------------------- command line


def test_cli_snapshot(tmp_path, capsys):
    from mirbone.cli import main

    genes = tmp_path / "genes.txt"
    genes.write_text("RANKL\n# comment\nOCN\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    assert main(["annotate", "ALP", "-i", str(genes), "-o", str(out)]) == 0
    table = pd.read_csv(out, sep="\t", dtype=str)
    assert tuple(table.columns) == COLUMNS
    assert table["symbol"].tolist()[1:] == ["TNFSF11", "BGLAP"]
    assert table["status"].tolist() == ["ambiguous", "alias", "alias"]
    assert main(["annotate", "SPP1", "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err


def test_cli_online_and_unreachable(mygene_server, dead_url, tmp_path, monkeypatch, capsys):
    from mirbone.cli import main

    url, _ = mygene_server
    monkeypatch.setenv("MIRBONE_MYGENE_URL", url)
    assert main(["annotate", "RANKL", "--online", "--cache-dir", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "TNFSF11\t8600" in captured.out
    assert "MyGene.info" in captured.err

    monkeypatch.setenv("MIRBONE_MYGENE_URL", dead_url)
    assert main(["annotate", "OPN", "--online", "--cache-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "could not be reached" in err
    assert main(["annotate", "OPN", "--online", "--fallback", "--cache-dir", str(tmp_path)]) == 0
    assert "SPP1\t6696" in capsys.readouterr().out
    assert main(["annotate", "spp1", "--species", "zebrafish"]) == 2


# --------------------------------------------------------------------------- properties


def _pool():
    from mirbone.annotate import alias_table

    genes = gene_table()
    return sorted(
        set(genes["symbol"].sample(300, random_state=3))
        | set(alias_table()["alias"].sample(300, random_state=3))
    )


POOL = _pool()


@pytest.mark.parametrize("species", ["human", "Homo sapiens", "hsa", "9606"])
def test_human_species_spellings(species):
    assert annotate(["SPP1"], species=species).loc[0, "entrez_id"] == "6696"


def test_resolving_twice_is_stable():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.sampled_from(POOL), min_size=1, max_size=20), st.booleans())
    def check(names, lower):
        queries = [name.lower() for name in names] if lower else names
        first = resolve_genes(queries)
        resolved = first["symbol"].notna()
        second = resolve_genes(first.loc[resolved, "entrez_id"].tolist())
        assert second["symbol"].tolist() == first.loc[resolved, "symbol"].tolist()
        assert (second["status"] == "entrez").all()
        assert set(first["status"]) <= {"symbol", "alias", "ambiguous", "unknown"}
        # a resolved symbol given again is the same gene, unless several genes share that
        # symbol (RNR1, RNR2: rRNA genes and phenotype records), which is then ambiguous
        again = resolve_genes(first.loc[resolved, "symbol"].tolist())
        for (_, row), entrez in zip(
            again.iterrows(), first.loc[resolved, "entrez_id"], strict=True
        ):
            if row["status"] == "ambiguous":
                assert f"({entrez})" in row["candidates"]
            else:
                assert (row["status"], row["entrez_id"]) == ("symbol", entrez)

    check()


def test_a_single_string_is_one_gene_not_its_letters():
    from mirbone.annotate import annotate, resolve_genes

    one = annotate("RANKL")
    assert len(one) == 1
    assert one.loc[0, "symbol"] == "TNFSF11"
    assert resolve_genes("OPN")["symbol"].tolist() == ["SPP1"]


def test_cli_lists_the_candidates_of_an_ambiguous_alias(capsys):
    from mirbone.cli import main

    assert main(["annotate", "ALP", "RANKL"]) == 0
    captured = capsys.readouterr()
    rows = [line.split("\t") for line in captured.out.splitlines()]
    assert rows[1][0] == "ALP" and rows[1][-1] == "ambiguous"
    # NCBI Gene lists ALP as an alias of ALPP (alkaline phosphatase, placental) among others
    line = next(x for x in captured.err.splitlines() if "ALP is ambiguous" in x)
    assert "ALPP" in line.split(": ", 2)[2].split(";")
    assert "in bone biology ALP usually means ALPL" in line


def test_cli_names_the_bone_meaning(capsys):
    from mirbone.cli import main

    assert main(["annotate", "TRAP", "M-CSF", "HIF1A"]) == 0
    out, err = capsys.readouterr()
    rows = [line.split("\t") for line in out.splitlines()]
    assert [row[-1] for row in rows[1:]] == ["ambiguous", "alias", "symbol"]
    assert rows[2][1] == "CSF1"
    trap = next(x for x in err.splitlines() if "TRAP is ambiguous" in x)
    assert "ACP5;TRAP" in trap and "usually means ACP5" in trap
    assert "M-CSF: bone-biology name of CSF1" in err
    assert "HIF1A" not in err
