"""maintenance_contract, local_backup, integration and custom: alerts from the client record."""

from __future__ import annotations

import pytest

from gateway.testing import DatasetBuilder
from tests.support import StartGateway


async def test_maintenance_contract_sends_the_client_to_helpdesk(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", maintenance_contract=True).client("2").ticket("10", "1").ticket("20", "2")
    fields = "... on MaintenanceContractAlert { helpdeskSector }"
    async with start_gateway(data) as gateway:
        [pt] = await gateway.ticket_alerts("10", fields=fields)
        [en] = await gateway.ticket_alerts("10", language="en")
        assert await gateway.ticket_alerts("20") == []
    assert (pt["code"], pt["severity"], pt["blocksService"]) == (
        "maintenance_contract",
        "INFO",
        False,
    )
    assert pt["helpdeskSector"] == "DIVERSOS"
    assert "setor Diversos" in pt["message"]
    assert "nunca direcione o cliente a técnicos locais" in pt["message"]
    assert "never send the client to a local technician" in en["message"]


@pytest.mark.parametrize("mode", ["terminal", "cloud", "none"])
async def test_other_backup_modes_raise_nothing(
    start_gateway: StartGateway, data: DatasetBuilder, mode: str
) -> None:
    data.client("1", backup=mode).ticket("10", "1")
    async with start_gateway(data) as gateway:
        assert await gateway.ticket_alerts("10") == []


async def test_local_backup_points_to_the_backup_local_process(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", backup="local").ticket("10", "1")
    link = "https://kb.example.com/processos/backup-local"
    fields = "... on LocalBackupAlert { processUrl }"
    async with start_gateway(data, provider_config={"local_backup": {"process_url": link}}) as gw:
        [alert] = await gw.ticket_alerts("10", fields=fields, language="en")
    assert (alert["code"], alert["severity"]) == ("local_backup", "WARNING")
    assert alert["processUrl"] == link
    assert alert["message"].endswith("Follow the Backup Local process. " + link)


async def test_local_backup_without_a_configured_link(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", backup="local").ticket("10", "1")
    async with start_gateway(data) as gateway:
        [alert] = await gateway.ticket_alerts("10", fields="... on LocalBackupAlert { processUrl }")
    assert alert["processUrl"] is None
    assert alert["message"].endswith("Siga o processo Backup Local.")


INTEGRATION = "... on IntegrationAlert { role kind storeNumber }"


async def test_integration_as_head_office(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", integration={"role": "head_office", "kind": "products", "store_number": 1})
    data.ticket("10", "1")
    async with start_gateway(data) as gateway:
        [pt] = await gateway.ticket_alerts("10", fields=INTEGRATION)
        [en] = await gateway.ticket_alerts("10", language="en")
    assert (pt["code"], pt["severity"]) == ("integration", "INFO")
    assert (pt["role"], pt["kind"], pt["storeNumber"]) == ("HEAD_OFFICE", "PRODUCTS", 1)
    assert pt["title"] == "Integração: matriz, loja 1"
    assert "IPs fixos na rede local" in pt["message"]
    assert "importar novamente" not in pt["message"]
    assert en["title"] == "Integration: head office, store 1"


async def test_a_branch_in_a_product_integration_reimports_its_certificate(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    data.client("1", integration={"role": "branch", "kind": "products", "store_number": 2})
    data.client("2", integration={"role": "branch", "kind": "remote_access", "store_number": 3})
    data.ticket("10", "1").ticket("20", "2")
    async with start_gateway(data) as gateway:
        [products] = await gateway.ticket_alerts("10", fields=INTEGRATION, language="en")
        [remote] = await gateway.ticket_alerts("20", fields=INTEGRATION, language="en")
    assert products["title"] == "Integration: branch, store 2"
    assert (products["role"], products["storeNumber"]) == ("BRANCH", 2)
    assert (
        "After a product integration the branch must import its digital certificate again."
        in products["message"]
    )
    assert remote["kind"] == "REMOTE_ACCESS"
    assert "import its digital certificate" not in remote["message"]


async def test_custom_alerts_are_returned_verbatim_as_plain_text(
    start_gateway: StartGateway, data: DatasetBuilder
) -> None:
    text = "Cliente <b>VIP</b> & exigente\nLigar só depois das 14h\n  (falar com Marta)"
    data.client("1", alerts=text).ticket("10", "1")
    async with start_gateway(data) as gateway:
        [pt] = await gateway.ticket_alerts("10", fields="... on CustomAlert { text }")
        [en] = await gateway.ticket_alerts("10", language="en")
    assert (pt["code"], pt["severity"]) == ("custom", "INFO")
    assert pt["message"] == text
    assert pt["text"] == text
    assert pt["title"] == "Alertas do cadastro do cliente"
    assert en["message"] == text


@pytest.mark.parametrize("empty", [None, "", "   \n  "])
async def test_an_empty_custom_field_raises_nothing(
    start_gateway: StartGateway, data: DatasetBuilder, empty: str | None
) -> None:
    data.client("1", alerts=empty).ticket("10", "1")
    async with start_gateway(data) as gateway:
        assert await gateway.ticket_alerts("10") == []
