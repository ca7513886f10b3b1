//! Who is asking and where: `/me`, workspaces and regions.
use axum::extract::{Path, State};

use super::{Answer, ListQuery, ok, page};
use crate::api::{Credential, Me, RegionInfo, User, WorkspaceRef};
use crate::emulator::error::ApiError;
use crate::emulator::http::{AppState, Params};

pub(super) async fn me(State(shared): State<AppState>) -> Answer {
    shared
        .read(|r| {
            let (user, workspace) = (&r.world.user, &r.world.workspace);
            ok(Me {
                user: Some(User { id: user.id.clone(), email: user.email.clone(), name: user.name.clone() }),
                workspace: Some(WorkspaceRef { id: workspace.id.clone(), name: workspace.name.clone() }),
                credential: Credential {
                    kind: "service_token".into(),
                    id: Some("stok_emulator0000000000000001".into()),
                    name: Some("ppg emulator".into()),
                },
            })
        })
        .await
}

pub(super) async fn list_workspaces(State(shared): State<AppState>, Params(query): Params<ListQuery>) -> Answer {
    shared
        .read(|r| {
            let id = &r.world.workspace.id;
            page(&query, std::iter::once((id, ())), |()| r.workspace())
        })
        .await
}

pub(super) async fn get_workspace(State(shared): State<AppState>, Path(id): Path<String>) -> Answer {
    shared
        .read(|r| match r.world.workspace.id == id {
            true => ok(r.workspace()),
            false => Err(ApiError::not_found("workspace", &id)),
        })
        .await
}

pub(super) async fn postgres_regions(State(shared): State<AppState>) -> Answer {
    shared.read(|r| ok(r.world.regions.iter().map(|region| r.region(region)).collect::<Vec<_>>())).await
}

pub(super) async fn all_regions(State(shared): State<AppState>) -> Answer {
    shared
        .read(|r| {
            let regions = r
                .world
                .regions
                .iter()
                .map(|region| RegionInfo { product: Some("postgres".into()), ..r.region(region) });
            ok(regions.collect::<Vec<_>>())
        })
        .await
}
