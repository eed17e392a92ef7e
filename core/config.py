"""All configuration, read once from ``GONGKAI_*`` environment variables.

This is the only module that reads the environment. Everything else receives a
``Settings`` (or the values it needs) as an argument.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MiB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GONGKAI_", extra="ignore")

    environment: Literal["dev", "test", "production"] = "dev"
    data_dir: Path = Path(".data")
    # Empty means the embedded default: SQLite under data_dir.
    database_url: str = ""
    # Empty means no Redis: jobs run in-process.
    redis_url: str = ""
    # The bootstrap admin's token (user "admin"), for a new installation before
    # ``gongkai user add``. Outside production an unset one is generated and logged once.
    api_token: SecretStr | None = None
    # The bootstrap admin's password for the web page. Outside production one is
    # generated and printed once when the admin has none yet.
    admin_password: SecretStr | None = None

    max_upload_bytes: int = Field(default=100 * MiB, gt=0)
    # A DOCX is a zip: refuse it before reading when its parts would inflate past this.
    max_uncompressed_bytes: int = Field(default=512 * MiB, gt=0)
    max_compression_ratio: int = Field(default=200, gt=1)
    max_archive_members: int = Field(default=5000, gt=0)
    max_pdf_pages: int = Field(default=2000, gt=0)
    max_part_bytes: int = Field(default=256 * MiB, gt=0)
    max_sheets: int = Field(default=500, gt=0)
    max_cells: int = Field(default=2_000_000, gt=0)
    max_columns: int = Field(default=16_384, gt=0)
    # Square points (A0 is about 3.5 million) and pixels (A4 at 600 dpi, about 35 million).
    max_page_area: float = Field(default=4_000_000.0, gt=0)
    max_image_pixels: int = Field(default=60_000_000, gt=0)
    max_ocr_pages: int = Field(default=300, gt=0)
    conversion_timeout: float = Field(default=120.0, gt=0, le=3600)

    #: The trained NER (``gongkai train ner``); shipped in the repository.
    ner_model_path: Path = Path(__file__).resolve().parent.parent / "models" / "ner"
    #: Threads each ``gongkai worker`` gives the NER's matrix products. Run one worker per
    #: core with 1; more only helps a machine with spare cores and fewer workers.
    worker_threads: int = Field(default=1, gt=0, le=64)
    #: Where a trained disclosure classifier lives (none is shipped: see classify/).
    classifier_path: Path = Path(__file__).resolve().parent.parent / "models" / "classifier"
    #: The office's list of annual-report content categories; the shipped one when unset.
    categories_path: Path | None = None
    #: The office's detection policy; the shipped default when unset.
    policy_path: Path | None = None
    #: The office's own pattern recognisers in YAML (``redact.recognizers.registry``).
    recognizers_path: Path | None = None
    #: Whether the server sends again the jobs left unfinished (``workflow.outbox``).
    reconcile_jobs: bool = True
    #: Parse, detect and suggest in a child process with the budget below
    #: (``workflow.sandbox``), so one file can never take the worker or the server down.
    sandbox: bool = True
    #: CPU seconds and address space one file's processing may take.
    processing_seconds: int = Field(default=300, gt=0, le=24 * 3600)
    processing_memory_mb: int = Field(default=4096, ge=512, le=1024 * 1024)
    #: The official holiday calendar for working-day deadlines; the shipped one when unset.
    holidays_path: Path | None = None
    #: The office's 答复告知书 wording, remedy and signature (workflow/conf/letters.yaml).
    letters_path: Path | None = None
    #: The office's 索引号 scheme and the catalogue's file links (workflow/conf/catalogue.yaml).
    catalogue_path: Path | None = None
    #: The annual report's default narrative and category mapping
    #: (workflow/conf/annual_report.yaml).
    annual_report_path: Path | None = None
    #: Where published files and their index are written (a website's 信息公开 section).
    publication_dir: Path | None = None
    #: Office of the bootstrap admin that ``GONGKAI_API_TOKEN`` signs in as.
    default_office: str = "本机关"

    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "json"

    @field_validator("database_url", "redis_url")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            # psycopg 3 is the driver we install; plain postgresql:// would ask for psycopg2.
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{(self.data_dir / 'gongkai.sqlite3').resolve()}"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def publication_target(self) -> Path:
        return self.publication_dir or self.data_dir / "published"


@lru_cache
def get_settings() -> Settings:
    return Settings()
