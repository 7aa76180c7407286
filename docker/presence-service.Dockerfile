# presence-service: build the jar first (./mvnw -B -ntp -DskipTests package), then docker compose build.
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY presence-service/target/presence-service-all.jar /app/presence-service.jar
EXPOSE 8086
HEALTHCHECK --interval=5s --timeout=3s --retries=12 CMD curl -fs http://127.0.0.1:8086/health || exit 1
# G1 with a sized heap: about 14 KB of RSS per idle connection where ZGC takes 22 KB (docs/operations.md)
ENV JAVA_OPTS="-XX:+UseG1GC -Xmx256m"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/presence-service.jar"]
