"""Demo data: every situation of the alert catalogue, dated relative to today.

It goes through the same loader as ``alerts-gateway db load``. docs/demo.md lists which demo
ticket shows which alert.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from gateway.db.loader import LoadSummary, load_data
from gateway.db.session import Database


def demo_dataset(now: datetime) -> dict[str, Any]:
    """The demo records, in the load format, with dates counted from ``now`` (aware)."""
    today = now.date()

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    def at(days_ago: int, hour: int = 9) -> str:
        return (
            (now - timedelta(days=days_ago))
            .replace(hour=hour, minute=30, second=0, microsecond=0)
            .isoformat()
        )

    def ticket(
        ticket_id: int,
        client: str,
        subject: str,
        status: str,
        days_ago: int,
        consultant: str | None = None,
        sector: str = "operacional",
    ) -> dict[str, Any]:
        finished = status == "finished"
        return {
            "id": str(ticket_id),
            "number": ticket_id,
            "client_id": client,
            "subject": subject,
            "status": status,
            "sector": sector,
            "consultant_id": consultant,
            "opened_at": at(days_ago),
            "finished_at": at(days_ago, 17) if finished else None,
        }

    def client(client_id: str, name: str, **fields: Any) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": client_id,
            "name": name,
            "status": "active",
            "status_reason": None,
            "maintenance_contract": False,
            "backup": "terminal",
            "integration": None,
            "installation_date": day(-400),
            "alerts": None,
        }
        record.update(fields)
        return record

    return {
        "consultants": [
            {"id": "c1", "name": "Ana Souza"},
            {"id": "c2", "name": "Bruno Lima"},
            {"id": "c3", "name": "Carla Mendes"},
        ],
        "clients": [
            client(
                "100",
                "Drogaria Boa Saúde",
                maintenance_contract=True,
                integration={"role": "head_office", "kind": "products", "store_number": 1},
                alerts="Falar com a gerente Marta antes de qualquer alteração.\n"
                "Horário de atendimento: 8h < 18h & sábados até 12h.",
            ),
            client(
                "101", "Farmácia Popular Centro", status="cancelled", status_reason="non_payment"
            ),
            client("102", "Mercadinho São José", status="inactive", status_reason="client_request"),
            client(
                "103",
                "Loja Bom Preço",
                status="blocked",
                status_reason="non_payment",
                backup="local",
            ),
            client(
                "104",
                "Drogaria Vida Filial 2",
                installation_date=None,
                integration={"role": "branch", "kind": "products", "store_number": 2},
            ),
            client("105", "Farmácia Renovada"),
            client("106", "Loja Nova Esperança", installation_date=None, backup="cloud"),
        ],
        "certificates": [
            {"client_id": "100", "kind": "A1", "expires_at": day(20)},
            {"client_id": "103", "kind": "A1", "expires_at": day(-3)},
            {"client_id": "104", "kind": "A1", "expires_at": day(5)},
            {"client_id": "105", "kind": "A1", "expires_at": day(10)},
            {"client_id": "105", "kind": "A1", "expires_at": day(375)},
            {"client_id": "106", "kind": "A3", "expires_at": day(200)},
        ],
        "tickets": [
            ticket(5001, "100", "Erro ao emitir NFC-e", "open", 0, "c1"),
            ticket(
                5002,
                "100",
                "Impressora fiscal não imprime",
                "in_progress",
                1,
                "c2",
                sector="diversos",
            ),
            ticket(5003, "100", "Dúvida sobre relatório de vendas", "waiting", 2),
            ticket(4990, "100", "Cadastro de produtos", "finished", 30, "c1"),
            ticket(5004, "101", "Sistema não abre", "open", 0),
            ticket(5005, "102", "Reativar sistema", "open", 0),
            ticket(5006, "103", "Backup não conclui", "open", 0, "c3"),
            ticket(5007, "104", "Importar certificado digital", "open", 0),
            ticket(4991, "104", "Instalação do sistema", "finished", 60, "c3"),
            ticket(5008, "105", "Ajuste de preço", "open", 0),
            ticket(4992, "105", "Troca de certificado", "finished", 3, "c2"),
            ticket(5009, "106", "Implantação em andamento", "open", 0, "c1"),
            ticket(4993, "101", "Dúvida antiga", "cancelled", 90),
        ],
    }


async def load_demo(database: Database, now: datetime) -> LoadSummary:
    return await load_data(database, demo_dataset(now))
