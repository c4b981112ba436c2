"""Warehouse catalog facts (WarehouseMetadataV1).

Postgres, Redshift, Snowflake, BigQuery and Azure SQL Data Warehouse keep the ids, slugs, names
and logos of the seed 004 and v36 spec examples. Their options are the connection settings a
real setup needs (the seed examples list bare all-string options; see README.md).
"""

from __future__ import annotations

from typing import Any

from options import key, opt, secret


def _sql_connection(default_port: int, engine: str) -> list[dict[str, Any]]:
    return [
        key("host", "Host", f"Hostname or IP address of the {engine} server."),
        opt(
            "port",
            "number",
            "Port",
            f"TCP port the {engine} server listens on.",
            required=True,
            default=default_port,
        ),
        key("database", "Database", "Name of the database Segment loads data into."),
        key("username", "Username", "Database user Segment connects as."),
        secret("password", "Password", "Password of that database user."),
    ]


WAREHOUSES: list[dict[str, Any]] = [
    {
        # seed 004 / spec getWarehouseMetadata example
        "id": "55d3d3aea3c",
        "slug": "postgres",
        "name": "Postgres",
        "description": "Open-source relational database that can serve as a warehouse.",
        "logos": {
            "default": "https://d3hotuclm6if1r.cloudfront.net/logos/postgres-default.svg",
            "mark": "",
            "alt": "",
        },
        "options": _sql_connection(5432, "Postgres"),
    },
    {
        # spec listWarehouses example
        "id": "aea3c55dsz",
        "slug": "redshift",
        "name": "Redshift",
        "description": "Amazon's columnar cloud data warehouse.",
        "logos": {
            "default": "https://d3hotuclm6if1r.cloudfront.net/logos/redshift-default.svg",
            "mark": "",
            "alt": "",
        },
        "options": _sql_connection(5439, "Redshift cluster"),
    },
    {
        # spec createWarehouse / profiles-warehouses examples
        "id": "CCIl4HLQPz",
        "slug": "snowflake",
        "name": "Snowflake",
        "description": "Cloud data platform that separates storage from compute.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/JrQWOYvMRRCVvSHp4HL0",
            "mark": "https://cdn.filepicker.io/api/file/OBhrGoCRKaSyvAhDX3fw",
            "alt": "",
        },
        "options": [
            key("account", "Account", "Snowflake account identifier, such as myorg-account1."),
            key("warehouse", "Warehouse", "Virtual warehouse that runs the load queries."),
            key("database", "Database", "Database Segment loads data into."),
            key("username", "Username", "Snowflake user Segment connects as."),
            secret("password", "Password", "Password of that Snowflake user."),
            opt("role", "string", "Role", "Role to assume after connecting, if not the default."),
        ],
    },
    {
        # seed 004 / spec getWarehousesCatalog example
        "id": "kwX50Df0hr",
        "slug": "bigquery",
        "name": "BigQuery",
        "description": "Google Cloud's serverless analytics warehouse.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/bDzeRa75SZc6FfgfoUK6",
            "mark": "https://cdn.filepicker.io/api/file/Vk6iFlMvQeynbg30ZEtt",
            "alt": "https://cdn.filepicker.io/api/file/TXjmvgYRUuAa5ZfzNhmK",
        },
        "options": [
            key("gc-project", "Project ID", "Google Cloud project that holds the datasets."),
            secret(
                "credentials",
                "Service Account Credentials",
                "JSON key of a service account allowed to write to the project.",
            ),
            opt(
                "location",
                "string",
                "Data Location",
                "Region or multi-region where datasets are created.",
                default="US",
            ),
        ],
    },
    {
        # seed 004 / spec getWarehousesCatalog example
        "id": "WcjBCzUGff",
        "slug": "azuresqldw",
        "name": "Azure SQL Data Warehouse",
        "description": "Microsoft's cloud warehouse, now part of Azure Synapse Analytics.",
        "logos": {
            "default": "https://cdn.filepicker.io/api/file/VKbuWjNjQPKOnOWijFe4",
            "mark": "https://cdn.filepicker.io/api/file/EUJvt69Q7qMqCvGrVtiu",
            "alt": "",
        },
        "options": _sql_connection(1433, "Azure SQL"),
    },
    {
        "slug": "databricks",
        "name": "Databricks",
        "description": "Lakehouse platform that stores data as Delta tables.",
        "options": [
            key("host", "Server Hostname", "Hostname of the Databricks workspace."),
            key("httpPath", "HTTP Path", "HTTP path of the SQL warehouse or cluster to use."),
            opt(
                "port",
                "number",
                "Port",
                "Port of the Databricks SQL endpoint.",
                default=443,
            ),
            key("catalog", "Catalog", "Unity Catalog catalog that receives the schemas."),
            secret("token", "Access Token", "Personal access token or service principal token."),
        ],
    },
    {
        "slug": "db2",
        "name": "IBM Db2",
        "description": "IBM's relational database for analytics workloads.",
        "options": _sql_connection(50000, "Db2"),
    },
]
