# editor-server (serves the web app too): build the jar first (./mvnw -B -ntp -DskipTests package).
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY editor-server/target/editor-server-all.jar /app/editor-server.jar
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --retries=12 CMD curl -fs http://127.0.0.1:8080/health || exit 1
# G1 with a sized heap: about 14 KB of RSS per idle connection where ZGC takes 22 KB (docs/operations.md)
ENV JAVA_OPTS="-XX:+UseG1GC -Xmx512m"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/editor-server.jar"]
