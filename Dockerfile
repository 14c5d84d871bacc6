FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
RUN useradd --create-home app \
    && mkdir -p /data/media /data/beat /app/staticfiles \
    && chown app /data/media /data/beat /app/staticfiles
USER app
EXPOSE 8000
