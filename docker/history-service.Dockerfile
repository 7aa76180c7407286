# history-service: build the jar first (./mvnw -B -ntp -DskipTests package), then docker compose build.
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY history-service/target/history-service-all.jar /app/history-service.jar
EXPOSE 8085
HEALTHCHECK --interval=5s --timeout=3s --retries=12 CMD curl -fs http://localhost:8085/health || exit 1
ENTRYPOINT ["java", "-XX:+UseZGC", "-jar", "/app/history-service.jar"]
