# kdual in a container: the image the Kubernetes Indexed Job of
# docs/scaling-out.md runs, one kdual per pod. Built and pushed by
# .github/workflows/image.yml; by hand:
#   docker build -t kdual .
#   docker run --rm kdual run /usr/share/kdual/golden/1.37
# To pin the base by digest, pass --build-arg BASE=debian:bookworm-slim@sha256:...
ARG BASE=debian:bookworm-slim

# The build stage makes the Debian package with packaging/build-deb, the
# same script a user runs by hand, so the image holds what the .deb holds.
FROM ${BASE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config dpkg-dev file \
      libyaml-dev nlohmann-json3-dev libcurl4-openssl-dev libmimalloc-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN packaging/build-deb /out /tmp/build

# The runtime stage installs that package (apt resolves its libraries from
# the binary's own links) and runs as an unprivileged user: kdual needs no
# root, only a kubeconfig for the commands that talk to a cluster.
FROM ${BASE}
COPY --from=build /out/ /tmp/kdual/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates /tmp/kdual/kdual_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/kdual \
 && useradd --uid 1000 --create-home kdual
USER 1000
WORKDIR /home/kdual
ENTRYPOINT ["kdual"]
CMD ["--help"]
